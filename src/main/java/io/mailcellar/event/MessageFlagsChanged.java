package io.mailcellar.event;

import java.util.List;

/**
 * The flags of a message changed on the server.
 *
 * @param sha256 the message's content digest, as archived
 */
public record MessageFlagsChanged(String mailboxId, String folder, long uidValidity, long uid, String sha256,
                                  List<String> oldFlags, List<String> newFlags) implements MailEvent, FolderEvent {

    public MessageFlagsChanged {
        oldFlags = List.copyOf(oldFlags);
        newFlags = List.copyOf(newFlags);
    }

    @Override
    public EventType type() {
        return EventType.MESSAGE_FLAGS_CHANGED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, folder, Long.toString(uidValidity), Long.toString(uid),
                String.join(" ", oldFlags), String.join(" ", newFlags));
    }
}
