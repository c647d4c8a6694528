package io.mailcellar.sync.runtime;

import io.mailcellar.sync.check.CheckRequest;

/**
 * CDI event: a poll of this mailbox was asked for, and this poller owns it; {@code force} skips a back-off;
 * {@code check}, when not null, asks the run to check the mailbox's archive first; {@code prune} asks for a prune
 * of its archive after the poll.
 */
public record SyncRequested(String mailboxId, boolean force, CheckRequest check, boolean prune) {

    public SyncRequested(String mailboxId, boolean force) {
        this(mailboxId, force, null, false);
    }
}
