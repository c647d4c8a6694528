package io.mailcellar.sync.imap;

import io.mailcellar.sync.cursor.PendingMessage;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The messages of one folder still to be read, across one run: what the
 * cursor carried in, less what arrived, plus what the server left out or
 * spoiled. Pure; {@link FolderSync} feeds it what the server answered.
 * A message that never arrives is never passed over in silence: it stays
 * here, its attempts counted, until it is read or gone from the server.
 *
 * <p>It also says how far the folder's UIDNEXT may move ({@link #uidNext}):
 * past a UID only once it and every UID below it are read or pending, so a
 * cursor saved after any batch never skips a message a later batch was to
 * fetch.
 */
final class PendingReads {

    private final Map<Long, PendingMessage> pending;
    private final Set<Long> answered = new HashSet<>();
    private final Map<Long, Long> sizes = new TreeMap<>();
    /** Over the limit, so in no batch: passed once a batch above them ends, or at the end. */
    private final TreeSet<Long> skipped = new TreeSet<>();
    private long uidNext;

    /** {@code uidNext}: the folder cursor's, where new messages start. */
    PendingReads(Map<Long, PendingMessage> carried, long uidNext) {
        this.pending = new TreeMap<>(carried);
        this.uidNext = uidNext;
    }

    /**
     * The sizes of the messages within {@code limit}, to fetch; each one over
     * it is pending ({@link #tooLarge}) and fetched in no batch.
     */
    SortedMap<Long, Long> withinLimit(SortedMap<Long, Long> listed, long limit) {
        sizes.putAll(listed);
        SortedMap<Long, Long> wanted = new TreeMap<>();
        listed.forEach((uid, size) -> {
            if (size > limit) {
                tooLarge(uid, size, limit);
            } else {
                wanted.put(uid, size);
            }
        });
        return wanted;
    }

    /** How far the folder's UIDNEXT may move now. */
    long uidNext() {
        return uidNext;
    }

    void arrived(long uid) {
        answered.add(uid);
        pending.remove(uid);
    }

    void unreadable(long uid, String reason) {
        answered.add(uid);
        failed(uid, reason);
    }

    /** The message is over the per-message limit, so it was not asked for; it is tried again each run. */
    void tooLarge(long uid, long size, long limit) {
        failed(uid, "it is " + size + " bytes, over the limit of " + limit
                + " bytes per message (mailcellar.mail.max-message-size)");
        skipped.add(uid);
    }

    /**
     * A batch ended: each UID it asked for that got no answer at all is
     * pending, with the parse failures of the batch as the likely reason.
     */
    void batchEnded(List<Long> requested, List<String> unparsed) {
        String reason = unparsed.isEmpty()
                ? "the server did not send it when asked"
                : "the server's answer for it could not be read (" + unparsed.get(0) + ")";
        for (long uid : requested) {
            if (!answered.contains(uid)) {
                failed(uid, reason);
            }
        }
        long highest = requested.stream().mapToLong(Long::longValue).max().orElse(uidNext - 1);
        uidNext = Math.max(uidNext, highest + 1);
        passSkippedBelow(uidNext);
    }

    /** Every batch is done: the messages over the limit are pending, and UIDNEXT may pass them. */
    void allFetched() {
        if (!skipped.isEmpty()) {
            uidNext = Math.max(uidNext, skipped.last() + 1);
            skipped.clear();
        }
    }

    private void passSkippedBelow(long next) {
        // A skipped UID below the highest fetched one is passed with it; one above waits for its batch.
        skipped.headSet(next).clear();
    }

    /** Pending messages the server no longer has (expunged before they could be read): given up. */
    List<Long> forgetAllBut(Collection<Long> onServer) {
        List<Long> gone = pending.keySet().stream().filter(uid -> !onServer.contains(uid)).toList();
        gone.forEach(pending::remove);
        return gone;
    }

    Map<Long, PendingMessage> pending() {
        return Map.copyOf(pending);
    }

    private void failed(long uid, String reason) {
        long size = sizes.getOrDefault(uid, -1L);
        PendingMessage before = pending.get(uid);
        pending.put(uid, before == null ? new PendingMessage(reason, 1, size) : before.tried(reason, size));
    }
}
