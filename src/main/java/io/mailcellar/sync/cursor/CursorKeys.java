package io.mailcellar.sync.cursor;

/**
 * The keys of a mailbox's records in {@code sync-state}. All of them go to the
 * partition of the mailbox id, so they are read back in the order written: a
 * folder's segments before the head that lists them.
 *
 * <ul>
 *   <li>{@code {mailbox}/cursor}: the head ({@link StoredCursor});
 *   <li>{@code {mailbox}/segment/{uidvalidity}/{n}/{folder}}: the folder's
 *       known messages with UIDs from {@code n * SEGMENT_UIDS} up to the next
 *       segment ({@link CursorSegment}); the folder name comes last, as it may
 *       hold any character;
 * </ul>
 */
final class CursorKeys {

    /** UIDs per segment: at ~100 bytes of JSON per message, a segment record stays near 50 KB. */
    static final long SEGMENT_UIDS = 512;

    private static final String HEAD = "/cursor";
    private static final String SEGMENT = "/segment/";

    private CursorKeys() {
    }

    static String head(String mailboxId) {
        return mailboxId + HEAD;
    }

    static String segment(String mailboxId, long uidValidity, long segment, String folder) {
        return mailboxId + SEGMENT + uidValidity + "/" + segment + "/" + folder;
    }

    static long segmentOf(long uid) {
        return uid / SEGMENT_UIDS;
    }

    static boolean isSegment(String key) {
        return key.contains(SEGMENT);
    }

    /** The mailbox a key belongs to (mailbox ids are UUIDs: no slash). */
    static String mailboxOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
