package io.mailcellar.archive;

/** A snapshot's id is taken in the bucket by one with other content: another archiver wrote the mailbox's. */
public class SnapshotConflictException extends RuntimeException {

    public SnapshotConflictException(String message) {
        super(message);
    }
}
