package io.mailcellar.sync.runtime;

/** CDI event: a poll of this mailbox was asked for, and this poller owns it; {@code force} skips a back-off. */
public record SyncRequested(String mailboxId, boolean force) {
}
