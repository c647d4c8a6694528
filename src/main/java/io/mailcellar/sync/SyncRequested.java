package io.mailcellar.sync;

/** CDI event: a poll of this mailbox was asked for, and this poller owns it. */
public record SyncRequested(String mailboxId) {
}
