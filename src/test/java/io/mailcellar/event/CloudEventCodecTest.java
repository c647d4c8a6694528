package io.mailcellar.event;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CloudEventCodecTest {

    private static final String SHA = "a".repeat(64);
    private final CloudEventCodec codec = new CloudEventCodec(Clock.systemUTC());

    private static MessageAdded added(long uid, MessageContent content) {
        return new MessageAdded("mb-1", "INBOX", 7, uid, SHA, 5, List.of("\\Flagged", "$Label1"),
                Instant.parse("2026-11-24T09:00:00Z"), content, null);
    }

    @Test
    void anInlineMessageIsABinaryModeCloudEventWhoseDataAreTheRawBytes() {
        byte[] raw = "a\r\nb\0".getBytes(StandardCharsets.ISO_8859_1);
        CloudEventRecord record = codec.encode(added(42, new MessageContent.Inline(raw)));

        assertThat(record.key()).isEqualTo("mb-1");
        assertThat(record.data()).isEqualTo(raw);
        assertThat(record.headers())
                .containsEntry("ce_specversion", "1.0")
                .containsEntry("ce_type", "io.mailcellar.message.added")
                .containsEntry("ce_source", "/mailboxes/mb-1")
                .containsEntry("ce_subject", "INBOX")
                .containsEntry("ce_mailbox", "mb-1")
                .containsEntry("ce_folder", "INBOX")
                .containsEntry("ce_uidvalidity", "7")
                .containsEntry("ce_uid", "42")
                .containsEntry("ce_sha256", SHA)
                .containsEntry("ce_size", "5")
                .containsEntry("ce_flags", "\\Flagged $Label1")
                .containsEntry("ce_internaldate", "2026-11-24T09:00:00Z")
                .containsEntry("content-type", "message/rfc822")
                .containsKeys("ce_id", "ce_time");

        MessageAdded decoded = (MessageAdded) codec.decode(record);
        assertThat(decoded).usingRecursiveComparison().ignoringFields("content").isEqualTo(added(42, null));
        assertThat(((MessageContent.Inline) decoded.content()).bytes()).isEqualTo(raw);
    }

    @Test
    void aPop3MessageCarriesItsUidl() {
        var pop3 = new MessageAdded("mb-1", "INBOX", 0, 0, SHA, 5, List.of(), null,
                new MessageContent.Inline(new byte[5]), "000000016b08418e");
        CloudEventRecord record = codec.encode(pop3);
        assertThat(record.header("ce_uidl")).isEqualTo("000000016b08418e");
        assertThat(((MessageAdded) codec.decode(record)).uidl()).isEqualTo("000000016b08418e");
        assertThat(codec.encode(added(1, new MessageContent.Inline(new byte[5]))).headers()).doesNotContainKey("ce_uidl");
    }

    @Test
    void aLargeMessageTravelsAsAClaimCheckSayingWhereItIs() {
        var archived = new MessageContent.Archived("mailboxes/mb/messages/3c/" + SHA + ".eml", 5, SHA);
        CloudEventRecord record = codec.encode(added(1, archived));

        assertThat(record.header("content-type")).isEqualTo(CloudEventCodec.CLAIM_CHECK);
        assertThat(new String(record.data(), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"archivedKey\":\"mailboxes/mb/messages/3c/" + SHA + ".eml\"");
        assertThat(((MessageAdded) codec.decode(record)).content()).isEqualTo(archived);
    }

    @Test
    void idsAreDeterministicSoARepublishedEventKeepsItsId() {
        var content = new MessageContent.Inline(new byte[5]);
        assertThat(codec.encode(added(1, content)).header("ce_id"))
                .isEqualTo(codec.encode(added(1, content)).header("ce_id"))
                .isNotEqualTo(codec.encode(added(2, content)).header("ce_id"));
    }

    @Test
    void aRunSummaryRoundTrips() {
        var completed = new SyncCompleted("mb-1", Instant.parse("2026-11-24T09:00:00Z"),
                Instant.parse("2026-11-24T09:00:03Z"), "failure", "login refused", 3, List.of("no UIDL"));
        CloudEventRecord record = codec.encode(completed);

        assertThat(record.header("ce_type")).isEqualTo("io.mailcellar.sync.completed");
        assertThat(record.header("content-type")).isEqualTo("application/json");
        assertThat(codec.decode(record)).isEqualTo(completed);
    }

    @Test
    void folderAndChangeEventsRoundTripAsJsonWithTheirAttributes() {
        List<MailEvent> events = List.of(
                new MessageFlagsChanged("mb-1", "INBOX", 7, 3, SHA, List.of("\\Flagged"), List.of("\\Seen")),
                new MessageExpunged("mb-1", "Trash", 7, 4, SHA, null),
                new MessageExpunged("mb-1", "INBOX", 0, 0, SHA, "000000016b08418e"),
                new FolderCreated("mb-1", "Réunions/Été", 9, null, "/"),
                new FolderCreated("mb-1", "Sent", 10, "\\Sent", "/"),
                new FolderDeleted("mb-1", "Drafts", 11),
                new FolderRenamed("mb-1", "Projects/Alpha", "Projects/Beta", 12, "status"),
                new UidValidityChanged("mb-1", "Lists", 13, 14, Map.of(1L, 5L, 2L, 6L)));
        for (MailEvent event : events) {
            CloudEventRecord record = codec.encode(event);
            assertThat(record.header("content-type")).isEqualTo("application/json");
            assertThat(record.header("ce_folder")).isEqualTo(((FolderEvent) event).folder());
            assertThat(record.header("ce_subject")).isEqualTo(((FolderEvent) event).folder());
            assertThat(codec.decode(record)).isEqualTo(event);
        }
        CloudEventRecord flags = codec.encode(events.get(0));
        assertThat(flags.headers()).containsEntry("ce_type", "io.mailcellar.message.flags-changed")
                .containsEntry("ce_uid", "3").containsEntry("ce_uidvalidity", "7")
                .containsEntry("ce_sha256", SHA).containsEntry("ce_flags", "\\Seen");
    }

    @Test
    void recordsThatAreNotOurEventsAreRefusedWithTheReason() {
        CloudEventRecord good = codec.encode(added(1, new MessageContent.Inline(new byte[5])));

        Map<String, String> noUid = new HashMap<>(good.headers());
        noUid.remove("ce_uid");
        assertThatThrownBy(() -> codec.decode(new CloudEventRecord("mb-1", noUid, good.data())))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("ce_uid");

        Map<String, String> unknownType = new HashMap<>(good.headers());
        unknownType.put("ce_type", "com.example.other");
        assertThatThrownBy(() -> codec.decode(new CloudEventRecord("mb-1", unknownType, good.data())))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("com.example.other");

        assertThatThrownBy(() -> codec.decode(new CloudEventRecord("mb-1", Map.of(), good.data())))
                .isInstanceOf(MalformedEventException.class).hasMessageContaining("CloudEvent");
    }
}
