package io.mailcellar.sync.runtime;

import java.time.Instant;
import java.util.List;

/** How one poll of a mailbox ended. */
public record RunOutcome(String mailboxId, Instant started, Instant ended, Kind kind, String error,
                         int messagesAdded, List<String> notes) {

    /** How a run ended; a busy maildrop is no failure of the mailbox, only a reason to come back later. */
    public enum Kind {
        SUCCESS, FAILURE, BUSY;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public boolean success() {
        return kind == Kind.SUCCESS;
    }
}
