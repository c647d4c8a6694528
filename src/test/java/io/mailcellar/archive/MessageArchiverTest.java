package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.MemoryObjectStore;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.commit.KafkaCommitHandler;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The archiver over batches, with the framework's own batch and record types; only the commit and dead-letter
 * handlers behind them are stand-ins that record what they were given.
 */
class MessageArchiverTest {

    private static final String TOPIC = "mailcellar.mail-events";
    private static final TopicPartition PARTITION_0 = new TopicPartition(TOPIC, 0);
    private static final TopicPartition PARTITION_1 = new TopicPartition(TOPIC, 1);

    private final CloudEventCodec codec = new CloudEventCodec(Clock.systemUTC());
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final Commits commits = new Commits();
    private final DeadLetters deadLetters = new DeadLetters();
    private final List<ArchiveSink> sinks = new ArrayList<>();

    @AfterEach
    void stopArchivers() {
        sinks.forEach(ArchiveSink::stop);
    }

    @Test
    void theBatchIsAcknowledgedWhenAllIsArchivedAndOnlyEventsThatCanNeverBeGoToTheDeadLetterTopic() throws Exception {
        MemoryObjectStore store = new MemoryObjectStore();
        MessageArchiver archiver = archiver(store, 4);
        byte[] first = message("first");
        byte[] second = message("second");
        byte[] third = message("third");
        Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records = new LinkedHashMap<>();
        records.put(PARTITION_0, List.of(
                record(PARTITION_0, 10, codec.encode(added(1, first, first))),
                record(PARTITION_0, 11, new CloudEventRecord("mb-1",
                        Map.of("ce_type", "io.mailcellar.message.added"), new byte[] {1, 2, 3})),
                record(PARTITION_0, 12, codec.encode(added(2, first, second))),
                record(PARTITION_0, 13, codec.encode(added(3, second, second)))));
        records.put(PARTITION_1, List.of(record(PARTITION_1, 7, codec.encode(added(4, third, third)))));

        archiver.archive(batch(records)).toCompletableFuture().get(10, TimeUnit.SECONDS);
        awaitCondition(() -> commits.offsets.size() == 2);

        assertThat(store.objects.keySet()).containsExactlyInAnyOrder(key(first), key(second), key(third));
        assertThat(deadLetters.reasons).containsOnlyKeys(11L, 12L);
        assertThat(deadLetters.reasons.get(11L)).isInstanceOf(MalformedEventException.class);
        assertThat(deadLetters.reasons.get(12L)).isInstanceOf(CorruptEventException.class)
                .hasMessageContaining("hashes to");
        assertThat(commits.offsets).as("the batch's last offset of each partition, once")
                .containsExactlyInAnyOrder("0@13", "1@7");
    }

    @Test
    void theBatchIsNotAcknowledgedBeforeItsSlowestWriteIsDone() throws Exception {
        byte[] quick = message("quick");
        byte[] slow = message("slow");
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        MemoryObjectStore store = holding(slowMayFinish, null, slow);
        MessageArchiver archiver = archiver(store, 2);

        archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 0, codec.encode(added(1, slow, slow))),
                record(PARTITION_0, 1, codec.encode(added(2, quick, quick)))))))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        awaitCondition(() -> store.stat(key(quick)).isPresent());
        Thread.sleep(200);
        assertThat(commits.offsets).isEmpty();
        slowMayFinish.countDown();
        awaitCondition(() -> !commits.offsets.isEmpty());
        assertThat(commits.offsets).containsExactly("0@1");
        assertThat(store.objects).containsKey(key(slow));
    }

    @Test
    void theRecordsOfABatchAreWrittenAsManyAtATimeAsTheConcurrencySays() throws Exception {
        int concurrency = 3;
        CountDownLatch allStarted = new CountDownLatch(concurrency);
        Map<String, Boolean> sawTheOthers = new ConcurrentHashMap<>();
        MemoryObjectStore store = new MemoryObjectStore() {
            @Override
            public boolean putIfAbsent(String key, Payload payload, PutOptions options) {
                allStarted.countDown();
                try {
                    sawTheOthers.put(key, allStarted.await(10, TimeUnit.SECONDS));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
                return super.putIfAbsent(key, payload, options);
            }
        };
        MessageArchiver archiver = archiver(store, concurrency);
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            byte[] raw = message("parallel " + i);
            records.add(record(PARTITION_0, i, codec.encode(added(i, raw, raw))));
        }

        archiver.archive(batch(Map.of(PARTITION_0, records))).toCompletableFuture().get(20, TimeUnit.SECONDS);
        awaitCondition(() -> commits.offsets.size() == 1);

        assertThat(sawTheOthers).hasSize(concurrency).allSatisfy((key, sawThem) -> assertThat(sawThem)
                .as("%s was written while the others were", key).isTrue());
    }

    @Test
    void aBatchThatComesWhileTheArchiverStopsIsLeftForTheNextStartNotSentToTheDeadLetterTopic() {
        MemoryObjectStore store = new MemoryObjectStore();
        MessageArchiver archiver = archiver(store, 2);
        sinks.get(0).stop();
        byte[] raw = message("late");

        CompletableFuture<Void> done = archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 0, codec.encode(added(1, raw, raw))))))).toCompletableFuture();

        assertThat(done).as("not failed, which would send the whole batch to the dead letters")
                .isNotCompletedExceptionally();
        assertThat(commits.offsets).as("nor acknowledged").isEmpty();
        assertThat(deadLetters.reasons).isEmpty();
        assertThat(store.objects).isEmpty();
    }

    @Test
    void theNextBatchIsTakenWhileTheLastIsWrittenAsFarAsTheBytesInFlightAllow() throws Exception {
        byte[] slow = message("slow");
        byte[] second = message("second");
        byte[] third = message("third");
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        CountDownLatch bothStarted = new CountDownLatch(2);
        MemoryObjectStore store = holding(slowMayFinish, bothStarted, slow, second);
        ConsumerRecord<String, byte[]> slowRecord = record(PARTITION_0, 0, codec.encode(added(1, slow, slow)));
        long oneBatch = ArchiverIntake.bytesOf(slowRecord.value().length, 1);
        // Room for two such batches in flight, not three.
        MessageArchiver archiver = archiver(store, 4, new ByteBudget(2 * oneBatch + 10));

        CompletableFuture<Void> first = archiver.archive(batch(Map.of(PARTITION_0, List.of(slowRecord))))
                .toCompletableFuture();
        CompletableFuture<Void> next = archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 1, codec.encode(added(2, second, second))))))).toCompletableFuture();
        await(bothStarted);
        assertThat(first).as("taken while its write is under way").isDone();
        assertThat(next).isDone();
        CompletableFuture<Void> last = archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 2, codec.encode(added(3, third, third))))))).toCompletableFuture();
        Thread.sleep(200);
        assertThat(last).as("its bytes wait for the slow batch's").isNotDone();
        assertThat(store.stat(key(third))).isEmpty();

        slowMayFinish.countDown();
        last.get(10, TimeUnit.SECONDS);
        awaitCondition(() -> commits.offsets.size() == 3);
        assertThat(store.objects.keySet()).containsExactlyInAnyOrder(key(slow), key(second), key(third));
    }

    @Test
    void deadLettersKeepTheOrderOfTheLogThoughBatchesAreWrittenSideBySide() throws Exception {
        byte[] slow = message("slow");
        byte[] other = message("other");
        CountDownLatch slowMayFinish = new CountDownLatch(1);
        MemoryObjectStore store = holding(slowMayFinish, null, slow);
        MessageArchiver archiver = archiver(store, 4);
        // The first batch holds a dead letter and a slow write; the second, taken meanwhile, a dead letter only.
        archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 0, codec.encode(added(1, slow, slow))),
                record(PARTITION_0, 1, codec.encode(added(2, slow, other)))))))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
        archiver.archive(batch(Map.of(PARTITION_0, List.of(
                record(PARTITION_0, 2, codec.encode(added(3, other, slow)))))))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);

        Thread.sleep(300);
        assertThat(deadLetters.sent).as("the later batch's dead letter waits for the earlier one's").isEmpty();
        slowMayFinish.countDown();
        awaitCondition(() -> commits.offsets.size() == 2);
        assertThat(deadLetters.sent).containsExactly(1L, 2L);
    }

    private MessageArchiver archiver(MemoryObjectStore store, int concurrency) {
        return archiver(store, concurrency, new ByteBudget(64L * 1024 * 1024));
    }

    private MessageArchiver archiver(MemoryObjectStore store, int concurrency, ByteBudget inFlight) {
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        TestArchiveSettings settings = new TestArchiveSettings(concurrency, false);
        ArchiveSink sink = TestSinks.sink(codec, store, layout, settings, meters);
        sinks.add(sink);
        return new MessageArchiver(sink, inFlight);
    }

    private IncomingKafkaRecordBatch<String, byte[]> batch(Map<TopicPartition, List<ConsumerRecord<String, byte[]>>> records) {
        return new IncomingKafkaRecordBatch<>(new ConsumerRecords<>(records), "mail-events", 0, commits, deadLetters,
                false, false);
    }

    private static ConsumerRecord<String, byte[]> record(TopicPartition partition, long offset, CloudEventRecord event) {
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(partition.topic(), partition.partition(), offset, 0L, TimestampType.CREATE_TIME,
                0, 0, event.key(), event.data(), headers, Optional.empty());
    }

    /** An event for {@code declared} whose data is {@code sent}: the same bytes, or others for a corrupt event. */
    private static MessageAdded added(long uid, byte[] declared, byte[] sent) {
        return new MessageAdded("mb-1", "INBOX", 1, uid, Sha256.of(declared), sent.length, List.of(), null,
                new MessageContent.Inline(sent), null);
    }

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\n" + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private String key(byte[] raw) {
        return layout.messageKey("mb-1", Sha256.of(raw));
    }

    /** A store whose writes of these messages wait for {@code mayFinish}, each counting {@code started} down. */
    private MemoryObjectStore holding(CountDownLatch mayFinish, CountDownLatch started, byte[]... held) {
        List<String> keys = java.util.Arrays.stream(held).map(this::key).toList();
        return new MemoryObjectStore() {
            @Override
            public boolean putIfAbsent(String key, Payload payload, PutOptions options) {
                if (keys.contains(key)) {
                    if (started != null) {
                        started.countDown();
                    }
                    await(mayFinish);
                }
                return super.putIfAbsent(key, payload, options);
            }
        };
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the test never released the write");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(deadline);
            Thread.sleep(5);
        }
    }

    /** Offsets acknowledged to the commit strategy, as {@code partition@offset}. */
    private static final class Commits implements KafkaCommitHandler {
        final List<String> offsets = Collections.synchronizedList(new ArrayList<>());

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record) {
            offsets.add(record.getPartition() + "@" + record.getOffset());
            return Uni.createFrom().voidItem();
        }
    }

    /** Records handed to the dead-letter topic, by offset, with the reason. */
    private static final class DeadLetters implements KafkaFailureHandler {
        final Map<Long, Throwable> reasons = new ConcurrentHashMap<>();
        /** The offsets sent, in the order sent. */
        final List<Long> sent = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
            reasons.put(record.getOffset(), reason);
            sent.add(record.getOffset());
            return Uni.createFrom().voidItem();
        }
    }
}
