package io.mailcellar.event;

/**
 * A message left a folder on the server (expunged, or moved elsewhere). Its
 * archived copy stays: the archive keeps what was once backed up. POP3
 * messages are named by {@code uidl} (their UIDL), IMAP ones by {@code uid}.
 */
public record MessageExpunged(String mailboxId, String folder, long uidValidity, long uid, String sha256, String uidl)
        implements MailEvent, FolderEvent {

    @Override
    public EventType type() {
        return EventType.MESSAGE_EXPUNGED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(uidValidity), Long.toString(uid),
                uidl == null ? "" : uidl);
    }
}
