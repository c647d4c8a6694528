package io.mailcellar.sync.runtime;

/** CDI event: a poll of this mailbox was asked for, and this poller owns it. */
public record SyncRequested(String mailboxId) {
}
