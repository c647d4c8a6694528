package io.mailcellar.sync.runtime;

import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;

import java.time.Instant;
import java.util.List;

/**
 * How one poll of a mailbox ended, and when the next one is due.
 *
 * @param state         the mailbox's state after the run; {@code reason} says it for a person (null when ok)
 * @param error         the failure in detail (its exception chain), or null
 * @param leftOnServer  POP3 messages the run saw and did not fetch; IMAP's are pending in its cursor
 * @param check         the check of the archive the run made, or null
 */
public record RunOutcome(String mailboxId, Instant started, Instant ended, Kind kind, MailboxState state,
                         String reason, String error, int messagesAdded, List<String> notes,
                         List<MailboxStatus.UnreadMessage> leftOnServer, int consecutiveFailures, Instant nextRun,
                         MailboxStatus.LastCheck check) {

    /** A run that made no check of the archive. */
    public RunOutcome(String mailboxId, Instant started, Instant ended, Kind kind, MailboxState state,
                      String reason, String error, int messagesAdded, List<String> notes,
                      List<MailboxStatus.UnreadMessage> leftOnServer, int consecutiveFailures, Instant nextRun) {
        this(mailboxId, started, ended, kind, state, reason, error, messagesAdded, notes, leftOnServer,
                consecutiveFailures, nextRun, null);
    }

    /**
     * How a run ended; a busy maildrop is no failure of the mailbox, only a reason to come back later. A run
     * whose mailbox moved to another poller is neither: that poller reports from now on.
     */
    public enum Kind {
        SUCCESS, FAILURE, BUSY, MOVED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The mailbox went to another poller during the run: nothing to report here, nothing due here. */
    static RunOutcome moved(String mailboxId, Instant started, Instant ended, int messagesAdded) {
        return new RunOutcome(mailboxId, started, ended, Kind.MOVED, null, null, null, messagesAdded, List.of(),
                List.of(), 0, Instant.MAX);
    }

    public boolean success() {
        return kind == Kind.SUCCESS;
    }
}
