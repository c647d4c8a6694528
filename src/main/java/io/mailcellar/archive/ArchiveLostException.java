package io.mailcellar.archive;

/**
 * The bucket may not be written, and waiting alone will not fix it: it is
 * gone or emptied after the archive was written to it, or absent where it
 * may not be created. The message says what to do.
 */
public class ArchiveLostException extends ArchiveRefusedException {

    public ArchiveLostException(String message) {
        super(message, message, null);
    }
}
