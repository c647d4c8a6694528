package io.mailcellar.event;

import java.time.Instant;
import java.util.List;

/**
 * The end of one poll of a mailbox: how it went and what it found.
 *
 * @param outcome       {@code success}, {@code failure}, or {@code busy} (a POP3 maildrop locked by another session)
 * @param error         what went wrong, without secrets; null on success
 * @param messagesAdded how many {@link MessageAdded} events the run published
 * @param notes         what the mailbox's owner should know (e.g. a POP3 server without UIDL)
 */
public record SyncCompleted(
        String mailboxId,
        Instant started,
        Instant ended,
        String outcome,
        String error,
        int messagesAdded,
        List<String> notes) implements MailEvent {

    public SyncCompleted {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    @Override
    public EventType type() {
        return EventType.SYNC_COMPLETED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, started.toString());
    }
}
