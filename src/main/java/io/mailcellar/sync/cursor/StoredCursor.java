package io.mailcellar.sync.cursor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mailbox's cursor as its head record holds it: per folder, everything but
 * the known messages, which are in the {@link CursorSegment}s the folder lists
 * in {@code segments}. A POP3 maildrop's known messages stay in the head.
 */
record StoredCursor(String mailboxId, Map<String, StoredFolder> folders, Map<String, KnownMessage> pop3,
                    boolean pop3WithoutUidl) implements CursorRecord {

    StoredCursor {
        folders = folders == null ? Map.of() : Map.copyOf(folders);
        pop3 = pop3 == null ? Map.of() : Map.copyOf(pop3);
    }

    /**
     * One folder: its {@link FolderCursor} without the messages, and the
     * segments that hold them. The messages still to be read ({@code pending},
     * few by nature) stay in the head.
     */
    record StoredFolder(long uidValidity, long uidNext, long highestModSeq, String specialUse, String serverMailboxId,
                        List<Long> segments, Map<Long, PendingMessage> pending) {

        StoredFolder {
            segments = segments == null ? List.of() : List.copyOf(segments);
            pending = pending == null ? Map.of() : new TreeMap<>(pending);
        }

        static StoredFolder of(FolderCursor folder, List<Long> segments) {
            return new StoredFolder(folder.uidValidity(), folder.uidNext(), folder.highestModSeq(),
                    folder.specialUse(), folder.serverMailboxId(), segments, folder.pending());
        }

        FolderCursor withMessages(Map<Long, KnownMessage> known) {
            return new FolderCursor(uidValidity, uidNext, highestModSeq, specialUse, known, serverMailboxId, pending);
        }
    }
}
