package io.mailcellar.archive;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.TestKafkaClients;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MemoryObjectStore;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An archiver that starts after another one committed events no snapshot
 * holds yet reads them again from a real Kafka broker, so its next
 * snapshot misses nothing.
 */
class SnapshotCatchUpIT {

    private static final Instant T0 = Instant.parse("2026-12-03T10:00:00Z");
    private static final String TOPIC = "catch-up-" + System.nanoTime();

    private static KafkaClients clients;
    private final CloudEventCodec codec = new CloudEventCodec(Clock.systemUTC());
    private final MemoryObjectStore store = new MemoryObjectStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void topic() throws Exception {
        clients = TestKafkaClients.of(LocalServers.get().kafka().bootstrapServers());
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void eventsCommittedBeforeARestartReachTheNextSnapshot() throws Exception {
        MessageAdded first = added("mb-a", 1, "first");
        MessageAdded second = added("mb-a", 2, "second");
        List<ArchiveSink.Entry> log = publish(List.of(
                first,
                completed("mb-a", T0, "success"),
                second,
                new MessageFlagsChanged("mb-a", "INBOX", 1, 1, first.sha256(), List.of(), List.of("\\Seen")),
                added("mb-other", 1, "someone else's"),
                completed("mb-a", T0.plusSeconds(60), "success")));

        // The first archiver stores a snapshot of the first run, then the second run's events, and stops before
        // that run's end: its offsets up to there are committed.
        run(List.of(log.get(0), log.get(1), log.get(2), log.get(3)));
        assertThat(store.list(layout.snapshotsPrefix("mb-a"))).hasSize(1);

        // The next one is given the log from the committed offset on.
        run(List.of(log.get(4), log.get(5)));

        List<String> snapshots = store.list(layout.snapshotsPrefix("mb-a"));
        assertThat(snapshots).hasSize(2);
        Snapshot latest = SnapshotCodec.snapshot(store.objects.get(snapshots.get(0)));
        assertThat(latest.counts().messages()).isEqualTo(2);
        assertThat(latest.covers().offset()).isEqualTo(log.get(5).position().offset());
        String page = new String(store.objects.get(layout.mailboxKey("mb-a",
                latest.folders().get(0).pages().get(0).key())), StandardCharsets.UTF_8);
        assertThat(page).contains("\"uid\":1,").contains("\"uid\":2,").contains("\"flags\":[\"\\\\Seen\"]")
                .contains("\"subject\":\"second\"");
    }

    @Test
    void aMailboxWithoutSnapshotIsReadFromItsRegistration() throws Exception {
        store.place(layout.manifestKey("mb-new"), ("{\"format\":1,\"id\":\"mb-new\",\"createdAt\":\""
                + Instant.now().minusSeconds(60) + "\"}").getBytes(StandardCharsets.UTF_8), Instant.now());
        List<ArchiveSink.Entry> log = publish(List.of(added("mb-new", 7, "before the restart"),
                completed("mb-new", T0, "failure")));
        run(List.of(log.get(0)));

        run(List.of(log.get(1)));

        Snapshot snapshot = SnapshotCodec.snapshot(store.objects.get(
                store.list(layout.snapshotsPrefix("mb-new")).get(0)));
        assertThat(snapshot.counts().messages()).isEqualTo(1);
        assertThat(snapshot.partial()).as("a failed run's snapshot").isTrue();
    }

    /** One archiver's life: it handles the entries, and stops. */
    private void run(List<ArchiveSink.Entry> entries) {
        ArchiveSink sink = TestSinks.sink(codec, store, layout, new TestArchiveSettings(2, false), meters,
                new EventCatchUp(clients));
        try {
            sink.put(entries).forEach(CompletableFuture::join);
        } finally {
            sink.stop();
        }
    }

    private List<ArchiveSink.Entry> publish(List<MailEvent> events) throws Exception {
        List<ArchiveSink.Entry> entries = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = clients.durableProducer("catch-up-it")) {
            for (MailEvent event : events) {
                CloudEventRecord record = codec.encode(event);
                ProducerRecord<String, byte[]> sent = new ProducerRecord<>(TOPIC, record.key(), record.data());
                record.headers().forEach((name, value) -> sent.headers().add(new RecordHeader(name,
                        value.getBytes(StandardCharsets.UTF_8))));
                long offset = producer.send(sent).get(30, TimeUnit.SECONDS).offset();
                entries.add(new ArchiveSink.Entry(new ArchiveSink.Position(TOPIC, 0, offset), record));
            }
        }
        return entries;
    }

    private static MessageAdded added(String mailbox, long uid, String subject) {
        byte[] raw = ("From: a@example.org\r\nSubject: " + subject + "\r\n\r\nText.\r\n")
                .getBytes(StandardCharsets.US_ASCII);
        return new MessageAdded(mailbox, "INBOX", 1, uid, Sha256.of(raw), raw.length, List.of(), T0,
                new MessageContent.Inline(raw), null);
    }

    private static SyncCompleted completed(String mailbox, Instant started, String outcome) {
        return new SyncCompleted(mailbox, started, started.plusSeconds(5), outcome, null, 0, List.of());
    }
}
