package io.mailcellar.archive;

/**
 * The object store refuses the request, and waiting alone will not fix it (a
 * revoked key, a missing bucket, a rejected write): still retried, since a
 * person may fix the cause at any time, but reported as the mailbox's
 * {@code archive-failing} reason.
 */
public class ArchiveRefusedException extends ArchiveUnavailableException {

    private final String reason;

    public ArchiveRefusedException(String message, String reason, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    /** What is wrong and what to do, for a person. */
    public String reason() {
        return reason;
    }
}
