package io.mailcellar.sync.cursor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The cursor's records: a save writes the segments that changed, then the
 * head, then removes what no head lists; what is read back is what was saved.
 * Over an in-memory table that keeps every write in order, each value passed
 * through the real JSON codec.
 */
class CursorStoreTest {

    private static final String MAILBOX = "7d7c1c1e-5a51-4c52-9a36-5a0b0b0b0b0b";
    /** As Quarkus configures it: unknown properties are not an error. */
    private final ObjectMapper json = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    private final CursorCodec codec = new CursorCodec(json);
    private final MemoryCursorTable table = new MemoryCursorTable(codec);
    private final CursorStore store = new CursorStore(table);

    @Test
    void aSaveReadsNothingOfTheFoldersItDidNotChange() {
        FolderCursor archive = folder(3, 5001, messages(1, 5000, "\\Seen"));
        SyncCursor first = cursor(Map.of("INBOX", folder(7, 11, messages(1, 10, "")), "Archive", archive));
        store.save(first, MemoryCursorTable.FENCE);
        table.reads.clear();
        table.writes.clear();

        SyncCursor next = first.with("INBOX", folder(7, 12, messages(1, 11, "")));
        store.save(next, MemoryCursorTable.FENCE);

        assertThat(table.reads).as("the archive's ten segments are not compared again")
                .noneMatch(key -> key.contains("/segment/3/"));
        assertThat(table.writes).containsExactly("put " + segment(7, 0, "INBOX"), "put " + CursorKeys.head(MAILBOX));
        assertThat(new CursorStore(table).get(MAILBOX)).as("read back whole").isEqualTo(next);
    }

    @Test
    void aSaveWritesTheSegmentsItTouchedThenTheHead() {
        SyncCursor first = cursor(Map.of("INBOX", folder(7, 1301, messages(1, 1300, "\\Seen"))));
        store.save(first, MemoryCursorTable.FENCE);
        assertThat(table.writes).containsExactly(
                "put " + segment(7, 0, "INBOX"), "put " + segment(7, 1, "INBOX"), "put " + segment(7, 2, "INBOX"),
                "put " + CursorKeys.head(MAILBOX));
        assertThat(new CursorStore(table).get(MAILBOX)).as("read back by another instance").isEqualTo(first);

        table.writes.clear();
        Map<Long, KnownMessage> more = new TreeMap<>(first.folders().get("INBOX").messages());
        more.putAll(messages(1301, 1400, "\\Recent"));
        store.save(cursor(Map.of("INBOX", folder(7, 1401, more))), MemoryCursorTable.FENCE);
        assertThat(table.writes).as("100 new messages: the one segment they are in, and the head")
                .containsExactly("put " + segment(7, 2, "INBOX"), "put " + CursorKeys.head(MAILBOX));

        table.writes.clear();
        Map<Long, KnownMessage> flagged = new TreeMap<>(more);
        flagged.put(5L, new KnownMessage(sha(5), List.of("\\Seen", "\\Flagged")));
        SyncCursor third = cursor(Map.of("INBOX", folder(7, 1401, flagged)));
        store.save(third, MemoryCursorTable.FENCE);
        assertThat(table.writes).as("a flag changed on UID 5").containsExactly(
                "put " + segment(7, 0, "INBOX"), "put " + CursorKeys.head(MAILBOX));
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(third);
    }

    @Test
    void aBatchIntoALargeFolderWritesOnlyTheSegmentsItTouchedAndTheRestStayAsStored() {
        SyncCursor first = cursor(Map.of("INBOX", folder(7, 5001, messages(1, 5000, "\\Seen"))));
        store.save(first, MemoryCursorTable.FENCE);
        Map<String, CursorRecord> storedBefore = new TreeMap<>(table.values);
        table.writes.clear();

        KnownMessages.Editor known = first.folders().get("INBOX").messages().edit();
        messages(5001, 5200, "").forEach(known::put);
        SyncCursor next = first.with("INBOX", new FolderCursor(7, 5201, 42, null, known.build(), null, Map.of()));
        store.save(next, MemoryCursorTable.FENCE);

        assertThat(table.writes).as("UIDs 5001-5200 fall in segments 9 and 10").containsExactly(
                "put " + segment(7, 9, "INBOX"), "put " + segment(7, 10, "INBOX"), "put " + CursorKeys.head(MAILBOX));
        for (long number = 0; number < 9; number++) {
            assertThat(table.values.get(segment(7, number, "INBOX"))).as("segment %d", number)
                    .isSameAs(storedBefore.get(segment(7, number, "INBOX")));
        }
        assertThat(new CursorStore(table).get(MAILBOX)).as("read back whole").isEqualTo(next);
    }

    @Test
    void aPop3MaildropIsSavedInSegmentsAndABatchWritesTheSegmentsItFilled() {
        Pop3Messages.Editor known = Pop3Messages.empty().edit();
        uidls(0, 1000).forEach(known::put);
        SyncCursor first = pop3(known.build());
        store.save(first, MemoryCursorTable.FENCE);
        assertThat(table.writes).containsExactly("put " + CursorKeys.pop3Segment(MAILBOX, 0),
                "put " + CursorKeys.pop3Segment(MAILBOX, 1), "put " + CursorKeys.head(MAILBOX));
        assertThat(new CursorStore(table).get(MAILBOX)).as("read back by another instance").isEqualTo(first);
        CursorRecord segmentZero = table.values.get(CursorKeys.pop3Segment(MAILBOX, 0));
        table.writes.clear();

        uidls(1000, 1200).forEach(known::put);
        SyncCursor next = pop3(known.build());
        store.save(next, MemoryCursorTable.FENCE);

        assertThat(table.writes).as("200 new messages fill segment 1 and start segment 2; the head lists them")
                .containsExactly("put " + CursorKeys.pop3Segment(MAILBOX, 1),
                        "put " + CursorKeys.pop3Segment(MAILBOX, 2), "put " + CursorKeys.head(MAILBOX));
        assertThat(table.values.get(CursorKeys.pop3Segment(MAILBOX, 0))).isSameAs(segmentZero);
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(next);
    }

    @Test
    void aPop3SegmentWhoseMessagesAreAllGoneIsRemovedAfterTheHead() {
        Pop3Messages.Editor known = Pop3Messages.empty().edit();
        uidls(0, 600).forEach(known::put);
        store.save(pop3(known.build()), MemoryCursorTable.FENCE);
        table.writes.clear();

        uidls(0, 512).keySet().forEach(known::remove);
        SyncCursor next = pop3(known.build());
        store.save(next, MemoryCursorTable.FENCE);

        assertThat(table.writes).containsExactly("put " + CursorKeys.head(MAILBOX),
                "remove " + CursorKeys.pop3Segment(MAILBOX, 0));
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(next);
    }

    @Test
    void aPop3HeadWhoseSegmentIsMissingIsNotTakenForAnEmptyMaildrop() {
        Pop3Messages.Editor known = Pop3Messages.empty().edit();
        uidls(0, 10).forEach(known::put);
        store.save(pop3(known.build()), MemoryCursorTable.FENCE);
        table.values.remove(CursorKeys.pop3Segment(MAILBOX, 0));

        assertThatThrownBy(() -> new CursorStore(table).get(MAILBOX))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("POP3 maildrop lists segment 0");
    }

    @Test
    void segmentsNoHeadListsAreRemovedAfterTheHead() {
        store.save(cursor(Map.of("INBOX", folder(7, 1100, messages(1, 1099, "")),
                "Old", folder(3, 3, messages(1, 2, "")))), MemoryCursorTable.FENCE);
        table.writes.clear();

        SyncCursor renumbered = cursor(Map.of("INBOX", folder(8, 10, messages(1, 9, ""))));
        store.save(renumbered, MemoryCursorTable.FENCE);

        assertThat(table.writes.subList(0, 2)).as("the new UIDVALIDITY's segment, then the head")
                .containsExactly("put " + segment(8, 0, "INBOX"), "put " + CursorKeys.head(MAILBOX));
        assertThat(table.writes.subList(2, table.writes.size())).as("then the old segments and the folder gone")
                .containsExactlyInAnyOrder("remove " + segment(7, 0, "INBOX"), "remove " + segment(7, 1, "INBOX"),
                        "remove " + segment(7, 2, "INBOX"), "remove " + segment(3, 0, "Old"));
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(renumbered);
    }

    @Test
    void aSegmentAheadOfItsHeadAddsNothingPastTheHead() {
        SyncCursor saved = cursor(Map.of("INBOX", folder(7, 11, messages(1, 10, ""))));
        store.save(saved, MemoryCursorTable.FENCE);
        // A later save cut short after its segment: the segment knows UIDs 11 and 12, the head does not.
        table.values.put(segment(7, 0, "INBOX"), new CursorSegment(new TreeMap<>(messages(1, 12, ""))));

        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(saved);
    }

    @Test
    void aHeadWhoseSegmentIsMissingIsNotTakenForAnEmptyFolder() {
        store.save(cursor(Map.of("INBOX", folder(7, 11, messages(1, 10, "")))), MemoryCursorTable.FENCE);
        table.values.remove(segment(7, 0, "INBOX"));

        assertThatThrownBy(() -> new CursorStore(table).get(MAILBOX))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("folder INBOX lists segment 0");
    }

    @Test
    void aCursorOfAPartitionNotHeldIsNeverTakenForAMailboxNeverPolled() {
        table.notHeld.add(MAILBOX);

        assertThatThrownBy(() -> store.get(MAILBOX))
                .as("an empty cursor would fetch the whole mailbox again")
                .isInstanceOf(CursorNotHeldException.class)
                .hasMessageContaining(MAILBOX);
        table.notHeld.clear();
        assertThat(store.get(MAILBOX)).isEqualTo(SyncCursor.empty(MAILBOX));
    }

    @Test
    void aRecordFromAnotherInstanceReplacesTheCursorHeldInMemory() {
        store.save(cursor(Map.of("INBOX", folder(7, 11, messages(1, 10, "")))), MemoryCursorTable.FENCE);
        SyncCursor theirs = cursor(Map.of("INBOX", folder(7, 21, messages(1, 20, ""))));
        CursorStore other = new CursorStore(table);
        other.save(theirs, MemoryCursorTable.FENCE);

        assertThat(store.get(MAILBOX)).as("before the record is read").isNotEqualTo(theirs);
        store.othersWrote(CursorKeys.head(MAILBOX));
        assertThat(store.get(MAILBOX)).isEqualTo(theirs);
    }

    @Test
    void forgettingAMailboxRemovesItsHeadThenItsSegmentsAndNoOtherMailboxsRecords() {
        store.save(cursor(Map.of("INBOX", folder(7, 600, messages(1, 599, "")))), MemoryCursorTable.FENCE);
        String other = "0b0b0b0b-5a51-4c52-9a36-7d7c1c1e0000";
        SyncCursor others = new SyncCursor(other, Map.of("INBOX", folder(3, 5, messages(1, 4, ""))), Pop3Messages.empty(), false);
        store.save(others, MemoryCursorTable.FENCE);
        assertThat(store.mailboxes()).containsExactlyInAnyOrder(MAILBOX, other);
        table.writes.clear();

        store.forget(MAILBOX, MemoryCursorTable.FENCE);

        assertThat(table.writes).as("the head first, so that a removal cut short leaves no head without segments")
                .startsWith("remove " + CursorKeys.head(MAILBOX))
                .containsExactlyInAnyOrder("remove " + CursorKeys.head(MAILBOX), "remove " + segment(7, 0, "INBOX"),
                        "remove " + segment(7, 1, "INBOX"));
        assertThat(store.mailboxes()).containsExactly(other);
        assertThat(store.get(MAILBOX)).as("the cursor held in memory goes too").isEqualTo(SyncCursor.empty(MAILBOX));
        assertThat(new CursorStore(table).get(other)).isEqualTo(others);
    }

    @Test
    void segmentsLeftWithoutTheirHeadStillNameTheirMailboxAndAreForgotten() {
        store.save(cursor(Map.of("INBOX", folder(7, 11, messages(1, 10, "")))), MemoryCursorTable.FENCE);
        table.write(Map.of(), List.of(CursorKeys.head(MAILBOX)));

        assertThat(store.mailboxes()).containsExactly(MAILBOX);
        store.forget(MAILBOX, MemoryCursorTable.FENCE);
        assertThat(table.values).isEmpty();
    }

    private static String segment(long uidValidity, long number, String folder) {
        return CursorKeys.segment(MAILBOX, uidValidity, number, folder);
    }

    private static SyncCursor cursor(Map<String, FolderCursor> folders) {
        return new SyncCursor(MAILBOX, folders, Pop3Messages.empty(), false);
    }

    private static SyncCursor pop3(Pop3Messages messages) {
        return SyncCursor.empty(MAILBOX).withPop3(messages, false);
    }

    private static Map<String, KnownMessage> uidls(int from, int to) {
        Map<String, KnownMessage> messages = new java.util.LinkedHashMap<>();
        for (int i = from; i < to; i++) {
            messages.put(String.format("%08x%08x", i * 7919L % 100_003, i), new KnownMessage(sha(i), List.of()));
        }
        return messages;
    }

    private static FolderCursor folder(long uidValidity, long uidNext, Map<Long, KnownMessage> messages) {
        return new FolderCursor(uidValidity, uidNext, 42, null, messages, null);
    }

    private static Map<Long, KnownMessage> messages(long firstUid, long lastUid, String flag) {
        Map<Long, KnownMessage> messages = new TreeMap<>();
        for (long uid = firstUid; uid <= lastUid; uid++) {
            messages.put(uid, new KnownMessage(sha(uid), flag.isEmpty() ? List.of() : List.of(flag)));
        }
        return messages;
    }

    private static String sha(long uid) {
        return String.format("%064x", uid);
    }
}
