package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.Topics;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends the events of the dead-letter topic back to {@code mail-events},
 * once what made the archivers reject them is fixed: each as it was, without
 * the dead-letter headers. How far the topic was replayed is kept as the
 * offsets of the consumer group {@code {prefix}dead-letter-replay}, so a
 * replay sends only what came since the last. Before a chunk is sent, its
 * mailboxes' dead-letter marks are cleared: an event rejected again marks
 * its mailbox again. Two replays at once may send an event twice, which the
 * archivers take as one (a message is stored once under its SHA-256).
 */
@ApplicationScoped
public class DeadLetterReplay {

    private static final Logger LOG = Logger.getLogger(DeadLetterReplay.class);
    private static final String DEAD_LETTER_HEADERS = "dead-letter-";
    private static final long CHUNK_BYTES = 32L * 1024 * 1024;
    private static final Duration POLL = Duration.ofMillis(500);

    /** What a replay sent back. */
    public record Replayed(int events, Set<String> mailboxes) {
    }

    private final KafkaClients clients;
    private final Topics topics;
    private final ArchiveStateBoard board;
    private final long timeoutMs;

    DeadLetterReplay(KafkaClients clients, Topics topics, ArchiveStateBoard board, KafkaSettings settings) {
        this.clients = clients;
        this.topics = topics;
        this.board = board;
        this.timeoutMs = settings.apiTimeout().toMillis();
    }

    /**
     * Replays every dead letter not replayed before, up to the end of the topic as it is now.
     *
     * @throws KafkaUnavailableException Kafka could not be read or written; what was replayed before stays so
     */
    public synchronized Replayed replay() {
        String group = topics.prefix() + "dead-letter-replay";
        String dlq = topics.mailEventsDlq();
        try (Admin admin = clients.admin();
             KafkaConsumer<String, byte[]> consumer = clients.readerConsumer("dead-letter-replay");
             KafkaProducer<String, byte[]> producer = clients.durableProducer("dead-letter-replay")) {
            List<TopicPartition> partitions = consumer.partitionsFor(dlq, Duration.ofMillis(timeoutMs)).stream()
                    .map(info -> new TopicPartition(dlq, info.partition())).toList();
            Map<TopicPartition, OffsetAndMetadata> done = admin.listConsumerGroupOffsets(group)
                    .partitionsToOffsetAndMetadata().get(timeoutMs, TimeUnit.MILLISECONDS);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
            consumer.assign(partitions);
            for (TopicPartition tp : partitions) {
                OffsetAndMetadata from = done.get(tp);
                consumer.seek(tp, Math.max(begin.get(tp), from == null ? 0 : from.offset()));
            }
            Chunk chunk = new Chunk();
            int events = 0;
            Set<String> mailboxes = new LinkedHashSet<>();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    TopicPartition tp = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < end.get(tp)) {
                        chunk.add(record);
                    }
                }
                if (chunk.bytes >= CHUNK_BYTES) {
                    events += send(chunk, producer, admin, group, mailboxes);
                    chunk = new Chunk();
                }
            }
            events += send(chunk, producer, admin, group, mailboxes);
            if (events > 0) {
                LOG.infof("replayed %d dead letters of %d mailboxes to %s", events, mailboxes.size(),
                        topics.mailEvents());
            }
            return new Replayed(events, mailboxes);
        } catch (KafkaException | ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("the dead letters could not be replayed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("the replay of dead letters was interrupted", e);
        }
    }

    /** Clears the chunk's marks, sends it, and then records it as replayed. */
    private int send(Chunk chunk, KafkaProducer<String, byte[]> producer, Admin admin, String group,
                     Set<String> mailboxes) throws ExecutionException, InterruptedException, TimeoutException {
        if (chunk.records.isEmpty()) {
            return 0;
        }
        board.clearDeadLetters(chunk.mailboxes);
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : chunk.records) {
            RecordHeaders headers = new RecordHeaders();
            for (Header header : record.headers()) {
                if (!header.key().startsWith(DEAD_LETTER_HEADERS)) {
                    headers.add(header);
                }
            }
            sent.add(producer.send(new ProducerRecord<>(topics.mailEvents(), null, record.key(), record.value(),
                    headers)));
        }
        for (Future<RecordMetadata> future : sent) {
            future.get(timeoutMs, TimeUnit.MILLISECONDS);
        }
        admin.alterConsumerGroupOffsets(group, chunk.next).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        mailboxes.addAll(chunk.mailboxes);
        return chunk.records.size();
    }

    /** Dead letters read and not sent yet, their mailboxes, and where each partition goes on after them. */
    private static final class Chunk {
        private final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        private final Set<String> mailboxes = new LinkedHashSet<>();
        private final Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        private long bytes;

        void add(ConsumerRecord<String, byte[]> record) {
            records.add(record);
            if (record.key() != null) {
                mailboxes.add(record.key());
            }
            next.put(new TopicPartition(record.topic(), record.partition()),
                    new OffsetAndMetadata(record.offset() + 1));
            bytes += record.value() == null ? 0 : record.value().length;
        }
    }
}
