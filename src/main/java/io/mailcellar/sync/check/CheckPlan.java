package io.mailcellar.sync.check;

import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.SyncCursor;

import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a check of a mailbox's archive found, and what to read again from
 * the server: every message the cursor or the newest snapshot names,
 * compared with the objects the bucket holds. A message missing from the
 * bucket, or whose bytes do not hash to its name, is repaired from one
 * place the cursor knows it (a folder and UID, or a POP3 UIDL); one only
 * the snapshot still names (gone from the server) cannot be repaired.
 *
 * @param checked      distinct messages named
 * @param missing      of those, not in the bucket
 * @param damaged      in the bucket with other bytes
 * @param toRead       per IMAP folder, the UIDs to read again (one per message), and whether to rewrite
 * @param pop3ToRead   POP3 UIDLs to read again, and whether to rewrite
 * @param unrepairable missing or damaged messages the cursor does not name
 */
public record CheckPlan(int checked, int missing, int damaged, Map<String, Map<Long, Repair>> toRead,
                        Map<String, Repair> pop3ToRead, int unrepairable) {

    /**
     * One message to read again: its expected SHA-256, and whether its object is there with other bytes (to be
     * replaced) or missing (to be archived again through the archivers, which also puts it back in the tree).
     */
    public record Repair(String sha256, boolean damaged) {
    }

    /**
     * @param cursor    what the poller knows of the mailbox
     * @param snapshot  the SHA-256 of every message the newest snapshot names (empty without one)
     * @param present   the SHA-256 of every message object in the bucket
     * @param corrupted of those, the ones whose bytes were read and do not hash to their name
     */
    public static CheckPlan of(SyncCursor cursor, Set<String> snapshot, Set<String> present, Set<String> corrupted) {
        Set<String> named = new HashSet<>(snapshot);
        Set<String> broken = new TreeSet<>();
        Set<String> handled = new HashSet<>();
        Map<String, Map<Long, Repair>> toRead = new TreeMap<>();
        Map<String, Repair> pop3ToRead = new TreeMap<>();
        for (Map.Entry<String, FolderCursor> folder : new TreeMap<>(cursor.folders()).entrySet()) {
            for (Map.Entry<Long, KnownMessage> message : new TreeMap<>(folder.getValue().messages()).entrySet()) {
                String sha = message.getValue().sha256();
                named.add(sha);
                Repair repair = repair(sha, present, corrupted);
                if (repair != null && handled.add(sha)) {
                    toRead.computeIfAbsent(folder.getKey(), name -> new TreeMap<>()).put(message.getKey(), repair);
                }
            }
        }
        for (Map.Entry<String, KnownMessage> message : new TreeMap<>(cursor.pop3()).entrySet()) {
            String sha = message.getValue().sha256();
            named.add(sha);
            Repair repair = repair(sha, present, corrupted);
            if (repair != null && handled.add(sha)) {
                pop3ToRead.put(message.getKey(), repair);
            }
        }
        int missing = 0;
        int damaged = 0;
        for (String sha : named) {
            if (!present.contains(sha)) {
                missing++;
                broken.add(sha);
            } else if (corrupted.contains(sha)) {
                damaged++;
                broken.add(sha);
            }
        }
        broken.removeAll(handled);
        return new CheckPlan(named.size(), missing, damaged, toRead, pop3ToRead, broken.size());
    }

    private static Repair repair(String sha, Set<String> present, Set<String> corrupted) {
        if (!present.contains(sha)) {
            return new Repair(sha, false);
        }
        return corrupted.contains(sha) ? new Repair(sha, true) : null;
    }
}
