package io.mailcellar.event;

/**
 * A folder got a new name; {@code folder} is the new name.
 *
 * @param detectedBy {@code mailboxid} (RFC 8474), {@code status} (same UIDVALIDITY and UIDNEXT) or {@code content}
 */
public record FolderRenamed(String mailboxId, String oldFolder, String folder, long uidValidity, String detectedBy)
        implements MailEvent, FolderEvent {

    @Override
    public EventType type() {
        return EventType.FOLDER_RENAMED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, oldFolder, folder, Long.toString(uidValidity));
    }
}
