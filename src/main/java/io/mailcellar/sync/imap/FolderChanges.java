package io.mailcellar.sync.imap;

import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.KnownMessages;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The flag changes and expunges of a folder's known messages, from what the
 * server says: the QRESYNC answer (vanished UIDs, changed flags) or a UID and
 * FLAGS scan of every known UID. Pure: the events and the known messages
 * after them.
 */
final class FolderChanges {

    /** The events, in order, and the known messages once they are applied. */
    record Result(List<MailEvent> events, KnownMessages known) {
    }

    private final String mailboxId;
    private final String folder;
    private final long uidValidity;
    private final KnownMessages.Editor known;
    private final List<MailEvent> events = new ArrayList<>();

    private FolderChanges(String mailboxId, String folder, FolderCursor cursor) {
        this.mailboxId = mailboxId;
        this.folder = folder;
        this.uidValidity = cursor.uidValidity();
        this.known = cursor.messages().edit();
    }

    /**
     * From a QRESYNC answer: {@code vanished} UIDs are expunged; {@code changed}
     * gives the flags now of messages whose mod-sequence moved. UIDs at or past
     * the cursor's UIDNEXT are new messages, not changes.
     */
    static Result fromResync(String mailboxId, String folder, FolderCursor cursor, Collection<Long> vanished,
                             Map<Long, List<String>> changed) {
        FolderChanges changes = new FolderChanges(mailboxId, folder, cursor);
        vanished.forEach(changes::expunged);
        changed.forEach((uid, flags) -> {
            if (uid > 0 && uid < cursor.uidNext()) {
                changes.flagsNow(uid, flags);
            }
        });
        return changes.result();
    }

    /** From a scan: {@code current} holds the flags of every message still there below the cursor's UIDNEXT. */
    static Result fromScan(String mailboxId, String folder, FolderCursor cursor, Map<Long, List<String>> current) {
        FolderChanges changes = new FolderChanges(mailboxId, folder, cursor);
        for (Long uid : cursor.messages().keySet()) {
            List<String> flags = current.get(uid);
            if (flags == null) {
                changes.expunged(uid);
            } else {
                changes.flagsNow(uid, flags);
            }
        }
        return changes.result();
    }

    private void expunged(long uid) {
        KnownMessage gone = known.remove(uid);
        if (gone != null) {
            events.add(new MessageExpunged(mailboxId, folder, uidValidity, uid, gone.sha256(), null));
        }
    }

    private void flagsNow(long uid, List<String> flags) {
        KnownMessage before = known.get(uid);
        if (before != null && !before.flags().equals(flags)) {
            events.add(new MessageFlagsChanged(mailboxId, folder, uidValidity, uid, before.sha256(),
                    before.flags(), flags));
            known.put(uid, new KnownMessage(before.sha256(), flags));
        }
    }

    private Result result() {
        return new Result(List.copyOf(events), known.build());
    }
}
