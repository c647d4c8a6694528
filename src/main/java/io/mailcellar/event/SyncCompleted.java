package io.mailcellar.event;

import java.time.Instant;

/**
 * The end of one poll of a mailbox: how it went and what it found.
 *
 * @param outcome       {@code success} or {@code failure}
 * @param error         what went wrong, without secrets; null on success
 * @param messagesAdded how many {@link MessageAdded} events the run published
 */
public record SyncCompleted(
        String mailboxId,
        Instant started,
        Instant ended,
        String outcome,
        String error,
        int messagesAdded) implements MailEvent {

    @Override
    public EventType type() {
        return EventType.SYNC_COMPLETED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, started.toString());
    }
}
