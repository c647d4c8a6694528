package io.mailcellar.archive;

import io.mailcellar.archive.DeadLetterTopic.DeadLetter;
import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.MemoryArchiveStore;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageArchiverTest {

    private static final String TOPIC = "mail-events";

    private final CloudEventCodec codec = new CloudEventCodec();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final List<DeadLetter> deadLetters = new ArrayList<>();
    private final DeadLetterTopic deadLetterTopic = new DeadLetterTopic(null, null) {
        @Override
        public void send(List<DeadLetter> letters) {
            deadLetters.addAll(letters);
        }
    };
    private long offset;

    @Test
    void aBatchIsArchivedAndOnlyItsEventsThatCanNeverBeArchivedAreDeadLetters() {
        MemoryArchiveStore store = new MemoryArchiveStore();
        byte[] good = message("kept");
        byte[] other = message("corrupt");
        ConsumerRecord<String, byte[]> unreadable = record(new CloudEventRecord("mb-1",
                Map.of("ce_type", "io.mailcellar.message.added"), new byte[] {1, 2, 3}));
        ConsumerRecord<String, byte[]> corrupt = record(codec.encode(added(other, Sha256.of(good))));

        archiver(store, 2).archive(batch(
                record(codec.encode(added(good, Sha256.of(good)))),
                unreadable,
                record(codec.encode(new FolderCreated("mb-1", "Projects", 7, null, "/"))),
                corrupt));

        assertThat(store.objects).containsOnlyKeys(layout.messageKey("mb-1", Sha256.of(good)));
        assertThat(deadLetters).extracting(DeadLetter::event).containsExactlyInAnyOrder(unreadable, corrupt);
        assertThat(deadLetters).extracting(letter -> (Object) letter.reason().getClass())
                .containsExactlyInAnyOrder(MalformedEventException.class, CorruptEventException.class);
    }

    @Test
    void theWritesOfABatchRunSeveralAtOnce() {
        CyclicBarrier two = new CyclicBarrier(2);
        MemoryArchiveStore meeting = new MemoryArchiveStore() {
            @Override
            public boolean putIfAbsent(String key, byte[] bytes, int offset, int length, String sha256) {
                try {
                    two.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException | BrokenBarrierException | TimeoutException e) {
                    throw new IllegalStateException("the other write of the batch never ran alongside", e);
                }
                return super.putIfAbsent(key, bytes, offset, length, sha256);
            }
        };
        byte[] first = message("first");
        byte[] second = message("second");

        archiver(meeting, 2).archive(batch(record(codec.encode(added(first, Sha256.of(first)))),
                record(codec.encode(added(second, Sha256.of(second))))));

        assertThat(deadLetters).isEmpty();
        assertThat(meeting.objects).hasSize(2);
    }

    @Test
    void aFaultOfTheProcessFailsTheBatchUnacknowledgedAndSendsNoDeadLetter() {
        MemoryArchiveStore failing = new MemoryArchiveStore() {
            @Override
            public boolean putIfAbsent(String key, byte[] bytes, int offset, int length, String sha256) {
                throw new OutOfMemoryError("simulated");
            }
        };
        byte[] raw = message("never written");

        assertThatThrownBy(() -> archiver(failing, 1).archive(batch(record(codec.encode(added(raw,
                Sha256.of(raw))))))).isInstanceOf(IllegalStateException.class).hasRootCauseInstanceOf(OutOfMemoryError.class);
        assertThat(deadLetters).isEmpty();
    }

    private MessageArchiver archiver(MemoryArchiveStore store, int concurrency) {
        MessageWriter writer = new MessageWriter(store, layout, new TestArchiveSettings(concurrency, false),
                new SimpleMeterRegistry());
        return new MessageArchiver(codec, writer, deadLetterTopic, new TestArchiveSettings(concurrency, false));
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\n\r\n" + text + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    private static MailEvent added(byte[] bytes, String declaredSha256) {
        return new MessageAdded("mb-1", "INBOX", 7, 1, declaredSha256, bytes.length, List.of(), null,
                new MessageContent.Inline(bytes), null);
    }

    private ConsumerRecord<String, byte[]> record(CloudEventRecord event) {
        RecordHeaders headers = new RecordHeaders();
        event.headers().forEach((name, value) -> headers.add(name, value.getBytes(StandardCharsets.UTF_8)));
        return new ConsumerRecord<>(TOPIC, 0, offset++, 0L, TimestampType.CREATE_TIME, 0, 0, event.key(),
                event.data(), headers, Optional.empty());
    }

    @SafeVarargs
    private static ConsumerRecords<String, byte[]> batch(ConsumerRecord<String, byte[]>... records) {
        return new ConsumerRecords<>(Map.of(new TopicPartition(TOPIC, 0), List.of(records)), Map.of());
    }
}
