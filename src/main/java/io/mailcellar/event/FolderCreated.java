package io.mailcellar.event;

/**
 * A folder appeared (or was seen for the first time).
 *
 * @param specialUse its RFC 6154 role ({@code \Sent}, {@code \Drafts}, {@code \Trash}, {@code \Junk},
 *                   {@code \All}, {@code \Archive}, {@code \Flagged}), or null
 * @param delimiter  the server's hierarchy delimiter, e.g. {@code /} or {@code .}
 */
public record FolderCreated(String mailboxId, String folder, long uidValidity, String specialUse, String delimiter)
        implements MailEvent, FolderEvent {

    @Override
    public EventType type() {
        return EventType.FOLDER_CREATED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(uidValidity));
    }
}
