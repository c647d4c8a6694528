package io.mailcellar.event;

/**
 * A message left a folder on the server (expunged, or moved elsewhere). Its
 * archived copy stays: the archive keeps what was once backed up. POP3
 * messages are named by {@code uidl} (their UIDL), IMAP ones by {@code uid}.
 *
 * @param byMailcellar POP3: mailcellar itself deleted it from the server once its copy was verified in the archive
 *                     ({@code mailcellar.pop3} deletion), so the archive still counts it as the mailbox's; false for
 *                     a message that left on its own. Added within format 1: absent reads as false.
 */
public record MessageExpunged(String mailboxId, String folder, long uidValidity, long uid, String sha256, String uidl,
                              boolean byMailcellar)
        implements MailEvent, FolderEvent {

    /** A message that left the folder on its own (not deleted by mailcellar). */
    public MessageExpunged(String mailboxId, String folder, long uidValidity, long uid, String sha256, String uidl) {
        this(mailboxId, folder, uidValidity, uid, sha256, uidl, false);
    }

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
