package io.mailcellar.sync.imap;

import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.UidValidityChanged;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A renumbered folder (new UIDVALIDITY) matched by content with the messages
 * known under the old one: each message fetched anew either matches a known
 * one with the same SHA-256 (no upload; its old UID maps to the new) or is
 * new. Pure: it is told each message and says which need publishing.
 */
final class Rematch {

    private final String mailboxId;
    private final String folder;
    private final FolderCursor old;
    private final long uidValidity;
    private final Map<String, Deque<Long>> oldUidsBySha = new HashMap<>();
    private final Map<Long, Long> uidMap = new TreeMap<>();
    private final Map<Long, KnownMessage> known = new TreeMap<>();
    private final List<MailEvent> flagChanges = new ArrayList<>();
    private long next = 1;

    Rematch(String mailboxId, String folder, FolderCursor old, long uidValidity) {
        this.mailboxId = mailboxId;
        this.folder = folder;
        this.old = old;
        this.uidValidity = uidValidity;
        old.messages().forEach((uid, message) ->
                oldUidsBySha.computeIfAbsent(message.sha256(), sha -> new ArrayDeque<>()).add(uid));
    }

    /** Takes one message of the folder; answers true when its content is new and must be published. */
    boolean isNew(long uid, String sha256, List<String> flags) {
        Deque<Long> candidates = oldUidsBySha.get(sha256);
        Long oldUid = candidates == null ? null : candidates.poll();
        known.put(uid, new KnownMessage(sha256, flags));
        next = Math.max(next, uid + 1);
        if (oldUid == null) {
            return true;
        }
        uidMap.put(oldUid, uid);
        KnownMessage before = old.messages().get(oldUid);
        if (!before.flags().equals(flags)) {
            flagChanges.add(new MessageFlagsChanged(mailboxId, folder, uidValidity, uid, sha256, before.flags(),
                    flags));
        }
        return false;
    }

    /** The {@code uidvalidity-changed} event (old to new UIDs), then the flag changes of matched messages. */
    List<MailEvent> events() {
        List<MailEvent> events = new ArrayList<>();
        events.add(new UidValidityChanged(mailboxId, folder, old.uidValidity(), uidValidity, uidMap));
        events.addAll(flagChanges);
        return events;
    }

    /**
     * The folder's cursor under the new UIDVALIDITY, with every message taken.
     * The server's MAILBOXID is learnt again at the next rename check.
     */
    FolderCursor cursor(long serverUidNext, long modSeq, String specialUse) {
        return new FolderCursor(uidValidity, Math.max(next, serverUidNext), modSeq, specialUse, known);
    }
}
