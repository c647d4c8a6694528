package io.mailcellar.sync.cursor;

/**
 * A message of a folder that could not be read yet, kept in the folder's
 * cursor so its UIDNEXT can move on without it: every run tries it again
 * until it is read, or gone from the server.
 *
 * @param reason   why the last try failed, in words for the mailbox's owner
 * @param attempts how many runs tried it
 * @param size     its RFC822.SIZE as the server last gave it, or -1 when unknown
 */
public record PendingMessage(String reason, int attempts, long size) {

    /** The same message after one more failed try. */
    public PendingMessage tried(String why, long sizeNow) {
        return new PendingMessage(why, attempts + 1, sizeNow);
    }
}
