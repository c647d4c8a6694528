package io.mailcellar.sync.cursor;

/**
 * The cursor of a mailbox whose partition this poller does not hold (any
 * more): it was given to another poller. Never answered with an empty
 * cursor, which would fetch the whole mailbox again.
 */
public final class CursorNotHeldException extends IllegalStateException {

    public CursorNotHeldException(String mailboxId) {
        super("this poller does not hold the cursor of mailbox " + mailboxId + ": its partition is another's");
    }
}
