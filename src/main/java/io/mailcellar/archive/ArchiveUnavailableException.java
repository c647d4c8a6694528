package io.mailcellar.archive;

/** The object store failed or did not answer; the operation is retried, nothing is skipped. */
public class ArchiveUnavailableException extends RuntimeException {

    public ArchiveUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
