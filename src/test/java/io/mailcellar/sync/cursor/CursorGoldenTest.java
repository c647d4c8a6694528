package io.mailcellar.sync.cursor;

import io.mailcellar.kafka.StoredJson;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** The records of {@code sync-state}, as stored: a cursor's head and its segments, pinned by golden files. */
class CursorGoldenTest {

    private static final String MAILBOX = "6f1c0e0e-5a59-4e5b-9d0e-2a3d8e1f4b7a";
    private static final String SHA_1 = "3c6e0b8a9c15224a8228b9a98ca1531d2a6c1d1b1a2e6c2e4ae9ffbfa8e4e1d2";
    private static final String SHA_2 = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

    private final CursorCodec codec = new CursorCodec(StoredJson.mapper());

    @Test
    void theHeadOfACursor() throws Exception {
        StoredCursor head = new StoredCursor(MAILBOX, Map.of(
                "INBOX", new StoredCursor.StoredFolder(1700000001, 1025, 88, null, "F2212ea87", List.of(0L, 1L, 2L),
                        Map.of(1017L, new PendingMessage("the server sent no body for it (BODY[] NIL)", 2, 4711))),
                "Sent", new StoredCursor.StoredFolder(1700000002, 3, 0, "\\Sent", null, List.of(0L), Map.of())),
                List.of(), false);

        assertRoundTrip(CursorKeys.head(MAILBOX), head, "cursor-head.json");
    }

    @Test
    void aHeadWrittenBeforePendingMessagesExistedHasNone() throws Exception {
        String before = "{\"mailboxId\":\"" + MAILBOX + "\",\"folders\":{\"INBOX\":{\"uidValidity\":7,\"uidNext\":3,"
                + "\"highestModSeq\":0,\"specialUse\":null,\"serverMailboxId\":null,\"segments\":[0]}},"
                + "\"pop3Segments\":[],\"pop3WithoutUidl\":false}";

        StoredCursor head = (StoredCursor) codec.read(CursorKeys.head(MAILBOX), before.getBytes(StandardCharsets.UTF_8));

        assertThat(head.folders().get("INBOX").pending()).isEmpty();
        assertThat(head.folders().get("INBOX").segments()).containsExactly(0L);
    }

    @Test
    void theHeadOfAPop3CursorListsItsSegments() throws Exception {
        StoredCursor head = new StoredCursor(MAILBOX, Map.of(), List.of(0L, 3L), true);

        assertRoundTrip(CursorKeys.head(MAILBOX), head, "cursor-head-pop3.json");
    }

    @Test
    void aSegmentOfAFoldersKnownMessages() throws Exception {
        CursorSegment segment = new CursorSegment(new TreeMap<>(Map.of(
                512L, new KnownMessage(SHA_1, List.of("$Important", "\\Seen")),
                513L, new KnownMessage(SHA_2, List.of()))));

        assertRoundTrip(CursorKeys.segment(MAILBOX, 1700000001, 1, "INBOX/Été"), segment, "cursor-segment.json");
    }

    @Test
    void aSegmentOfAPop3MaildropsKnownMessages() throws Exception {
        Pop3Segment segment = new Pop3Segment(new TreeMap<>(Map.of(
                "000000016b08418e", new KnownMessage(SHA_1, List.of()),
                "headers:" + SHA_2 + ":4711", new KnownMessage(SHA_2, List.of()))));

        assertRoundTrip(CursorKeys.pop3Segment(MAILBOX, 3), segment, "cursor-pop3-segment.json");
    }

    private void assertRoundTrip(String key, CursorRecord record, String golden) throws Exception {
        GoldenFiles.assertWritten(golden, new String(codec.write(key, record), StandardCharsets.UTF_8));
        assertThat(codec.read(key, GoldenFiles.read(golden).getBytes(StandardCharsets.UTF_8))).isEqualTo(record);
    }
}
