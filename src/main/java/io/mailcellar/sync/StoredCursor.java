package io.mailcellar.sync;

import java.util.List;
import java.util.Map;

/**
 * A mailbox's cursor as its head record holds it: per folder, everything but
 * the known messages, which are in the {@link CursorSegment}s the folder lists
 * in {@code segments}. A record written by a build before segments (under the
 * mailbox id alone) has no segment list and holds each folder's messages
 * itself. A POP3 maildrop's known messages stay in the head.
 */
record StoredCursor(String mailboxId, Map<String, StoredFolder> folders, Map<String, KnownMessage> pop3,
                    boolean pop3WithoutUidl) implements CursorRecord {

    StoredCursor {
        folders = folders == null ? Map.of() : Map.copyOf(folders);
        pop3 = pop3 == null ? Map.of() : Map.copyOf(pop3);
    }

    /** One folder: its {@link FolderCursor} without the messages, and the segments that hold them. */
    record StoredFolder(long uidValidity, long uidNext, long highestModSeq, String specialUse, String mailboxId,
                        List<Long> segments, Map<Long, KnownMessage> messages) {

        static StoredFolder of(FolderCursor folder, List<Long> segments) {
            return new StoredFolder(folder.uidValidity(), folder.uidNext(), folder.highestModSeq(),
                    folder.specialUse(), folder.mailboxId(), List.copyOf(segments), null);
        }

        /** True for a record of a build before segments: the messages are in it. */
        boolean inline() {
            return segments == null;
        }

        FolderCursor withMessages(Map<Long, KnownMessage> known) {
            return new FolderCursor(uidValidity, uidNext, highestModSeq, specialUse, known, mailboxId);
        }
    }
}
