package io.mailcellar.event;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of change event as its Kafka record (key, {@code ce_*} headers
 * with the deterministic id, data), pinned by golden files in
 * {@code golden/events/}: a renamed attribute or field, or an id computed
 * another way, fails here.
 */
class EventGoldenTest {

    private static final String MAILBOX = "6f1c0e0e-5a59-4e5b-9d0e-2a3d8e1f4b7a";
    private static final String SHA = "3c6e0b8a9c15224a8228b9a98ca1531d2a6c1d1b1a2e6c2e4ae9ffbfa8e4e1d2";
    private static final Instant DATE = Instant.parse("2026-11-20T09:15:00Z");
    private static final byte[] RAW = "Subject: hello\r\n\r\nHi.\r\n".getBytes(StandardCharsets.US_ASCII);

    private final CloudEventCodec codec = new CloudEventCodec(
            Clock.fixed(Instant.parse("2026-11-27T08:30:00Z"), ZoneOffset.UTC));
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void messageAddedInline() {
        assertPinned("message-added.json", new MessageAdded(MAILBOX, "INBOX", 1700000001, 42, SHA, RAW.length,
                List.of("$Label1", "\\Flagged"), DATE, new MessageContent.Inline(RAW), null));
    }

    @Test
    void messageAddedArchivedByThePoller() {
        assertPinned("message-added-archived.json", new MessageAdded(MAILBOX, "Archive/Été", 1700000002, 7, SHA,
                600_000, List.of(), DATE, new MessageContent.Archived(
                        "mailboxes/" + MAILBOX + "/messages/3c/" + SHA + ".eml", 600_000, SHA), null));
    }

    @Test
    void messageAddedFromPop3() {
        assertPinned("message-added-pop3.json", new MessageAdded(MAILBOX, "INBOX", 0, 0, SHA, RAW.length, List.of(),
                null, new MessageContent.Inline(RAW), "000000016b08418e"));
    }

    @Test
    void flagsChanged() {
        assertPinned("message-flags-changed.json", new MessageFlagsChanged(MAILBOX, "INBOX", 1700000001, 42, SHA,
                List.of(), List.of("\\Seen")));
    }

    @Test
    void expunged() {
        assertPinned("message-expunged.json", new MessageExpunged(MAILBOX, "INBOX", 1700000001, 42, SHA, null));
        assertPinned("message-expunged-pop3.json", new MessageExpunged(MAILBOX, "INBOX", 0, 0, SHA,
                "000000016b08418e", true));
    }

    @Test
    void anExpungeWrittenBeforeByMailcellarWasAddedReadsAsLeftOnItsOwn() {
        MailEvent event = decodeGolden("events/message-expunged-pop3-before-byMailcellar.json");

        assertThat(event).isEqualTo(new MessageExpunged(MAILBOX, "INBOX", 0, 0, SHA, "000000016b08418e", false));
    }

    @Test
    void folderEvents() {
        assertPinned("folder-created.json", new FolderCreated(MAILBOX, "Sent", 1700000003, "\\Sent", "/"));
        assertPinned("folder-deleted.json", new FolderDeleted(MAILBOX, "Old", 1700000004));
        assertPinned("folder-renamed.json", new FolderRenamed(MAILBOX, "Projects", "Projects 2026", 1700000005,
                "mailboxid"));
        assertPinned("folder-uidvalidity-changed.json", new UidValidityChanged(MAILBOX, "INBOX", 1700000001,
                1700000009, Map.of(1L, 3L, 2L, 4L)));
    }

    @Test
    void syncCompleted() {
        assertPinned("sync-completed.json", new SyncCompleted(MAILBOX, Instant.parse("2026-11-27T08:29:58Z"),
                Instant.parse("2026-11-27T08:30:00Z"), "success", null, 3, List.of("a note"),
                Map.of("INBOX", new SyncCompleted.FolderState("INBOX", 4711),
                        "Projekte/Größe", new SyncCompleted.FolderState("Projekte/Gr&APYA3w-e", 0))));
    }

    @Test
    void aSummaryWrittenBeforeFoldersWereAddedReadsAsReportingNone() {
        assertThat(decodeGolden("events/sync-completed-before-folders.json")).isEqualTo(new SyncCompleted(MAILBOX,
                Instant.parse("2026-11-27T08:29:58Z"), Instant.parse("2026-11-27T08:30:00Z"), "success", null, 3,
                List.of("a note")));
    }

    private void assertPinned(String name, MailEvent event) {
        CloudEventRecord record = codec.encode(event);
        ObjectNode written = json.createObjectNode();
        written.put("key", record.key());
        written.set("headers", json.valueToTree(new TreeMap<>(record.headers())));
        written.put("data", new String(record.data(), StandardCharsets.UTF_8));
        GoldenFiles.assertWritten("events/" + name, written.toPrettyString() + "\n");

        JsonNode golden = read("events/" + name);
        Map<String, String> headers = new TreeMap<>();
        golden.get("headers").fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().asText()));
        CloudEventRecord stored = new CloudEventRecord(golden.get("key").asText(), headers,
                golden.get("data").asText().getBytes(StandardCharsets.UTF_8));
        assertThat(codec.decode(stored)).usingRecursiveComparison().isEqualTo(event);
    }

    private MailEvent decodeGolden(String name) {
        JsonNode golden = read(name);
        Map<String, String> headers = new TreeMap<>();
        golden.get("headers").fields().forEachRemaining(field -> headers.put(field.getKey(), field.getValue().asText()));
        return codec.decode(new CloudEventRecord(golden.get("key").asText(), headers,
                golden.get("data").asText().getBytes(StandardCharsets.UTF_8)));
    }

    private JsonNode read(String name) {
        try {
            return json.readTree(GoldenFiles.read(name));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
