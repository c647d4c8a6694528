package io.mailcellar.mailbox;

/** CDI event: someone asked for a poll of this mailbox now (the poller observes it). */
public record SyncRequested(String mailboxId) {
}
