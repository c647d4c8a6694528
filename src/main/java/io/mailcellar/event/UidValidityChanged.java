package io.mailcellar.event;

import java.util.Map;

/**
 * The server renumbered a folder (new UIDVALIDITY). The poller matched the
 * messages it had by content: {@code uidMap} maps each old UID to its new UID;
 * old UIDs missing from it are gone, new messages come as {@code message.added}.
 */
public record UidValidityChanged(String mailboxId, String folder, long oldUidValidity, long newUidValidity,
                                 Map<Long, Long> uidMap) implements MailEvent, FolderEvent {

    public UidValidityChanged {
        uidMap = Map.copyOf(uidMap);
    }

    @Override
    public EventType type() {
        return EventType.FOLDER_UIDVALIDITY_CHANGED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(oldUidValidity), Long.toString(newUidValidity));
    }
}
