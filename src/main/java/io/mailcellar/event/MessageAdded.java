package io.mailcellar.event;

import java.time.Instant;
import java.util.List;

/**
 * A message the poller fetched and has not published before.
 *
 * @param sha256       lower-case hex SHA-256 of the whole raw message
 * @param size         size of the raw message in bytes
 * @param internalDate the server's INTERNALDATE, when it has one
 * @param uidl         the POP3 unique id (UIDL) of the message; null for IMAP, where {@code uid} identifies it
 */
public record MessageAdded(
        String mailboxId,
        String folder,
        long uidValidity,
        long uid,
        String sha256,
        long size,
        List<String> flags,
        Instant internalDate,
        MessageContent content,
        String uidl) implements MailEvent, FolderEvent {

    public MessageAdded {
        flags = List.copyOf(flags);
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_ADDED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(uidValidity), Long.toString(uid), sha256,
                uidl == null ? "" : uidl);
    }
}
