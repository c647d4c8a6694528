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
 *   <li>{@code {mailbox}/pop3/{n}}: segment {@code n} of a POP3 maildrop's
 *       known messages ({@link Pop3Segment}).
 * </ul>
 */
final class CursorKeys {

    /** UIDs per segment: at ~100 bytes of JSON per message, a segment record stays near 50 KB. */
    static final long SEGMENT_UIDS = 512;

    private static final String HEAD = "/cursor";
    private static final String SEGMENT = "/segment/";
    private static final String POP3_SEGMENT = "/pop3/";

    private CursorKeys() {
    }

    static String head(String mailboxId) {
        return mailboxId + HEAD;
    }

    static String segment(String mailboxId, long uidValidity, long segment, String folder) {
        return mailboxId + SEGMENT + uidValidity + "/" + segment + "/" + folder;
    }

    static String pop3Segment(String mailboxId, long segment) {
        return mailboxId + POP3_SEGMENT + segment;
    }

    static long segmentOf(long uid) {
        return uid / SEGMENT_UIDS;
    }

    /** A segment of a folder's known messages. */
    static boolean isSegment(String key) {
        return key.startsWith(SEGMENT, afterMailbox(key));
    }

    /** A segment of a POP3 maildrop's known messages. */
    static boolean isPop3Segment(String key) {
        return key.startsWith(POP3_SEGMENT, afterMailbox(key));
    }

    private static int afterMailbox(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key.length() : slash;
    }

    /** The mailbox a key belongs to (mailbox ids are UUIDs: no slash). */
    static String mailboxOf(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }
}
