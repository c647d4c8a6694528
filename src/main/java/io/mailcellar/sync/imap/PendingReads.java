package io.mailcellar.sync.imap;

import io.mailcellar.sync.cursor.PendingMessage;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The messages of one folder still to be read, across one run: what the
 * cursor carried in, less what arrived, plus what the server left out or
 * spoiled. Pure; {@link FolderSync} feeds it what the server answered.
 * A message that never arrives is never passed over in silence: it stays
 * here, its attempts counted, until it is read or gone from the server.
 */
final class PendingReads {

    private final Map<Long, PendingMessage> pending;
    private final Set<Long> answered = new HashSet<>();
    private final Map<Long, Long> sizes = new TreeMap<>();

    PendingReads(Map<Long, PendingMessage> carried) {
        this.pending = new TreeMap<>(carried);
    }

    /** The sizes the server gave, kept with what is pending. */
    void sized(Map<Long, Long> known) {
        sizes.putAll(known);
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
