package io.mailcellar.sync;

import java.time.Instant;

/** How one poll of a mailbox ended. */
public record RunOutcome(String mailboxId, Instant started, Instant ended, boolean success, String error,
                         int messagesAdded) {
}
