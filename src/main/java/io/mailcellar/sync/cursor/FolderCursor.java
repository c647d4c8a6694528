package io.mailcellar.sync.cursor;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where the poll of one folder stands: the messages below {@code uidNext}
 * under this {@code uidValidity} are published, each with the digest and flags
 * last published ({@code messages}, by UID). {@code highestModSeq} is the
 * server's CONDSTORE counter at that point (0 when the server has none);
 * {@code serverMailboxId} the server's own RFC 8474 MAILBOXID of the folder,
 * where the server has one (not our mailbox id). {@code pending} holds the
 * messages below {@code uidNext} that could not be read yet, by UID; each run
 * tries them again ({@link PendingMessage}). The known messages are shared
 * with the cursor they were changed from where they did not change
 * ({@link KnownMessages}).
 */
public record FolderCursor(long uidValidity, long uidNext, long highestModSeq, String specialUse,
                           KnownMessages messages, String serverMailboxId,
                           Map<Long, PendingMessage> pending) {

    public FolderCursor {
        messages = messages == null ? KnownMessages.empty() : messages;
        pending = pending == null || pending.isEmpty() ? Map.of() : Collections.unmodifiableMap(new TreeMap<>(pending));
    }

    public FolderCursor(long uidValidity, long uidNext, long highestModSeq, String specialUse,
                        Map<Long, KnownMessage> messages, String serverMailboxId) {
        this(uidValidity, uidNext, highestModSeq, specialUse, KnownMessages.of(messages), serverMailboxId, Map.of());
    }

    public FolderCursor(long uidValidity, long uidNext, long highestModSeq, String specialUse,
                        Map<Long, KnownMessage> messages) {
        this(uidValidity, uidNext, highestModSeq, specialUse, messages, null);
    }

    /** The same cursor, with the server's MAILBOXID of the folder (null: none). */
    public FolderCursor withServerMailboxId(String id) {
        return new FolderCursor(uidValidity, uidNext, highestModSeq, specialUse, messages, id, pending);
    }

    /** The same cursor, with these messages still to be read. */
    public FolderCursor withPending(Map<Long, PendingMessage> stillPending) {
        return new FolderCursor(uidValidity, uidNext, highestModSeq, specialUse, messages, serverMailboxId,
                stillPending);
    }
}
