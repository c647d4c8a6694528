package io.mailcellar.event;

/** A folder is gone from the server. Its messages stay in the archive. */
public record FolderDeleted(String mailboxId, String folder, long uidValidity) implements MailEvent, FolderEvent {

    @Override
    public EventType type() {
        return EventType.FOLDER_DELETED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(uidValidity));
    }
}
