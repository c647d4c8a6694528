package io.mailcellar.sync.cursor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A mailbox's cursor as its head record holds it: per folder, everything but
 * the known messages, which are in the {@link CursorSegment}s the folder lists
 * in {@code segments}; for a POP3 maildrop, the numbers of the
 * {@link Pop3Segment}s that hold its known messages.
 */
record StoredCursor(String mailboxId, Map<String, StoredFolder> folders, List<Long> pop3Segments,
                    boolean pop3WithoutUidl) implements CursorRecord {

    StoredCursor {
        folders = folders == null ? Map.of() : Map.copyOf(folders);
        pop3Segments = pop3Segments == null ? List.of() : List.copyOf(pop3Segments);
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

        FolderCursor withMessages(KnownMessages known) {
            return new FolderCursor(uidValidity, uidNext, highestModSeq, specialUse, known, serverMailboxId, pending);
        }
    }
}
