package io.mailcellar.archive;

/**
 * The bucket does not exist: nothing has been archived into it yet (the
 * archivers make it at their first write), or it was removed. A removal
 * finds nothing to remove in it; a write or a read is refused as any.
 */
public class BucketMissingException extends ArchiveRefusedException {

    public BucketMissingException(String message, String reason, Throwable cause) {
        super(message, reason, cause);
    }
}
