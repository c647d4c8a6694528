package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.testsupport.MemoryObjectStore;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import io.mailcellar.event.SyncCompleted;
import java.time.Instant;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The archiver's task without the messaging framework: a batch in, what may be committed out. */
class ArchiveSinkTest {

    private final CloudEventCodec codec = new CloudEventCodec(Clock.systemUTC());
    private final MemoryObjectStore store = new MemoryObjectStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<ArchiveState> states = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final ArchiveSink sink = TestSinks.sink(codec, store, layout, new TestArchiveSettings(2, false), meters,
            new EventCatchUp(null), states::add);

    @AfterEach
    void stop() {
        sink.stop();
    }

    @Test
    void eachEntryEndsArchivedOrRejectedForGoodInTheOrderGiven() throws Exception {
        byte[] raw = "Subject: a\r\n\r\nA.\r\n".getBytes(StandardCharsets.US_ASCII);
        String sha = Sha256.of(raw);
        MessageAdded good = new MessageAdded("mb-1", "INBOX", 1, 1, sha, raw.length, List.of(), null,
                new MessageContent.Inline(raw), null);
        MessageAdded corrupt = new MessageAdded("mb-1", "INBOX", 1, 2, Sha256.of(new byte[1]), raw.length, List.of(),
                null, new MessageContent.Inline(raw), null);
        MessageFlagsChanged flags = new MessageFlagsChanged("mb-1", "INBOX", 1, 1, sha, List.of(), List.of("\\Seen"));

        List<CompletableFuture<ArchiveSink.Result>> results = sink.put(List.of(
                entry(0, codec.encode(good)), entry(1, codec.encode(corrupt)),
                entry(2, new CloudEventRecord("mb-1", Map.of("ce_type", "nonsense"), new byte[0])),
                entry(3, codec.encode(flags))));

        List<ArchiveSink.Result> done = results.stream().map(f -> f.join()).toList();
        assertThat(done).extracting(r -> r.position().offset()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(done.get(0)).isInstanceOf(ArchiveSink.Archived.class);
        assertThat(done.get(1)).isInstanceOfSatisfying(ArchiveSink.Rejected.class,
                rejected -> assertThat(rejected.cause()).isInstanceOf(CorruptEventException.class));
        assertThat(done.get(2)).isInstanceOf(ArchiveSink.Rejected.class);
        assertThat(done.get(3)).as("nothing to write, nothing to wait for").isInstanceOf(ArchiveSink.Archived.class);
        assertThat(store.objects).containsOnlyKeys(layout.messageKey("mb-1", sha));
        assertThat(meters.counter("mailcellar.archive.dead.letters", "mailbox", "mb-1").count())
                .as("the corrupt and the unreadable event").isEqualTo(2.0);
        assertThat(meters.get("mailcellar.archive.lag.seconds").tag("mailbox", "mb-1").gauge().value())
                .as("nothing held any more").isZero();
    }

    @Test
    void anEventWhoseTimeIsNoTimeIsArchivedAllTheSame() {
        byte[] raw = "Subject: t\r\n\r\nT.\r\n".getBytes(StandardCharsets.US_ASCII);
        String sha = Sha256.of(raw);
        CloudEventRecord encoded = codec.encode(new MessageAdded("mb-1", "INBOX", 1, 1, sha, raw.length, List.of(),
                null, new MessageContent.Inline(raw), null));
        Map<String, String> headers = new java.util.HashMap<>(encoded.headers());
        headers.put("ce_time", "yesterday");

        ArchiveSink.Result result = sink.put(List.of(entry(0, new CloudEventRecord(encoded.key(), headers,
                encoded.data())))).get(0).join();

        assertThat(result).as("the time only feeds the lag metric").isInstanceOf(ArchiveSink.Archived.class);
        assertThat(store.objects).containsOnlyKeys(layout.messageKey("mb-1", sha));
    }

    @Test
    void aStoppedSinkTakesNoBatchAndStartsNothingOfIt() {
        byte[] raw = "Subject: late\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        MessageAdded late = new MessageAdded("mb-1", "INBOX", 1, 1, Sha256.of(raw), raw.length, List.of(), null,
                new MessageContent.Inline(raw), null);
        sink.stop();

        assertThatThrownBy(() -> sink.put(List.of(entry(0, codec.encode(late)))))
                .isInstanceOf(RejectedExecutionException.class);
        assertThat(store.puts).isEmpty();
    }

    @Test
    void aRunsSnapshotIsStoredAfterItsMessagesAndOnlyWhenTheRunChangedSomething() {
        byte[] raw = "From: a@example.org\r\nSubject: kept\r\n\r\nK.\r\n".getBytes(StandardCharsets.US_ASCII);
        String sha = Sha256.of(raw);
        MessageAdded added = new MessageAdded("mb-1", "INBOX", 1, 1, sha, raw.length, List.of("\\Seen"), null,
                new MessageContent.Inline(raw), null);
        Instant started = Instant.parse("2026-12-03T10:00:00Z");
        SyncCompleted first = new SyncCompleted("mb-1", started, started.plusSeconds(2), "success", null, 1, List.of());
        SyncCompleted second = new SyncCompleted("mb-1", started.plusSeconds(60), started.plusSeconds(61), "success",
                null, 0, List.of());

        List<ArchiveSink.Result> done = sink.put(List.of(entry(0, codec.encode(added)), entry(1, codec.encode(first)),
                entry(2, codec.encode(second)))).stream().map(CompletableFuture::join).toList();

        assertThat(done).allMatch(ArchiveSink.Archived.class::isInstance);
        List<String> snapshots = store.list(layout.snapshotsPrefix("mb-1"));
        assertThat(snapshots).as("the unchanged second run writes none").hasSize(1);
        assertThat(store.puts).as("body, page, snapshot, in that order").hasSize(3);
        assertThat(store.puts.get(0)).isEqualTo(layout.messageKey("mb-1", sha));
        assertThat(store.puts.get(1)).contains("/trees/");
        assertThat(store.puts.get(2)).isEqualTo(snapshots.get(0));
        Snapshot snapshot = SnapshotCodec.snapshot(store.objects.get(snapshots.get(0)));
        assertThat(snapshot.counts().messages()).isEqualTo(1);
        assertThat(snapshot.covers()).isEqualTo(new Snapshot.Covers("mail-events", 0, 1));
        assertThat(snapshot.time()).isEqualTo(first.ended());
        assertThat(states).as("both runs are done with, the second found the snapshot current")
                .extracting(ArchiveState::lastRunStarted).containsExactly(first.started(), second.started());
        assertThat(states).extracting(state -> state.lastSnapshot().id()).containsOnly(snapshot.id());

        // Read again after a restart, events the snapshot covers change nothing.
        ArchiveSink restarted = TestSinks.sink(codec, store, layout, new TestArchiveSettings(2, false), meters);
        try {
            restarted.put(List.of(entry(0, codec.encode(added)), entry(1, codec.encode(first)))).forEach(
                    CompletableFuture::join);
        } finally {
            restarted.stop();
        }
        assertThat(store.puts).hasSize(3);
    }

    private static ArchiveSink.Entry entry(long offset, CloudEventRecord record) {
        return new ArchiveSink.Entry(new ArchiveSink.Position("mail-events", 0, offset), record);
    }
}
