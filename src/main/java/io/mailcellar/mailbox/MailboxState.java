package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Locale;

/**
 * Where a mailbox's backup stands, in one word a program can act on; the
 * status's {@code reason} says it in words for a person.
 */
public enum MailboxState {
    /** The last poll succeeded. */
    @JsonProperty("ok") OK,
    /** Registered, not polled yet. */
    @JsonProperty("never-polled") NEVER_POLLED,
    /**
     * A poll has been under way for a while (a first backup, a large folder); the fields about the last run
     * describe the one before it.
     */
    @JsonProperty("running") RUNNING,
    /** Polls fail (the server cannot be reached, times out, answers wrongly); retried with growing pauses. */
    @JsonProperty("backing-off") BACKING_OFF,
    /** The server refused the login; retried with growing pauses, so a wrong password locks no account. */
    @JsonProperty("auth-failed") AUTH_FAILED,
    /** The server asked us to come back later (a POP3 maildrop in use, too many connections): retried soon. */
    @JsonProperty("throttled") THROTTLED,
    /** The archive store cannot be written; nothing is lost, the poll is repeated. */
    @JsonProperty("archive-failing") ARCHIVE_FAILING,
    /** Polling is switched off for this mailbox. */
    @JsonProperty("disabled") DISABLED;

    /** The state's name in JSON. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The state a stored status names; the names of earlier releases
     * ({@code failing}, {@code busy}) read as their successors, and an
     * unknown one as {@link #BACKING_OFF}, so an old record never stops the
     * reader of the status table.
     */
    @JsonCreator
    public static MailboxState fromWire(String name) {
        for (MailboxState state : values()) {
            if (state.wireName().equals(name)) {
                return state;
            }
        }
        return "busy".equals(name) ? THROTTLED : BACKING_OFF;
    }

    /**
     * A state of failures, whose polls are retried after pauses that grow
     * ({@code retryAt}); a throttled mailbox is retried soon, without back-off.
     */
    public boolean backsOff() {
        return this == BACKING_OFF || this == AUTH_FAILED || this == ARCHIVE_FAILING;
    }
}
