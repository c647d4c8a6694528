package io.mailcellar.testsupport;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.TopicPartition;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The change events of one mailbox, followed on the topic: only the
 * mailbox's partition is read (events are keyed by mailbox id), each record
 * once, and the bodies of {@code message.added} are not kept, so a
 * 50,000-message mailbox costs neither minutes nor gigabytes per look.
 */
public final class MailEvents implements AutoCloseable {

    private static final String ADDED = "io.mailcellar.message.added";
    private static final String COMPLETED = "io.mailcellar.sync.completed";

    private final String mailboxId;
    private final KafkaConsumer<String, byte[]> consumer;
    private final TopicPartition partition;
    private final List<ConsumerRecord<String, byte[]>> seen = new ArrayList<>();

    public MailEvents(String bootstrap, String topic, String mailboxId) {
        this.mailboxId = mailboxId;
        this.consumer = TopicRecords.consumer(bootstrap);
        int partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).size();
        this.partition = new TopicPartition(topic,
                BuiltInPartitioner.partitionForKey(mailboxId.getBytes(StandardCharsets.UTF_8), partitions));
        consumer.assign(List.of(partition));
        consumer.seekToBeginning(List.of(partition));
    }

    /** Every event of the mailbox so far, in publishing order ({@code message.added} without its body). */
    public synchronized List<ConsumerRecord<String, byte[]>> records() {
        long end = consumer.endOffsets(List.of(partition)).get(partition);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (consumer.position(partition) < end) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("could not read " + partition + " to its end");
            }
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (mailboxId.equals(record.key())) {
                    seen.add(ADDED.equals(TopicRecords.header(record, "ce_type")) ? withoutBody(record) : record);
                }
            }
        }
        return List.copyOf(seen);
    }

    /**
     * Every event as {@code type folder [uid=|uidl=] [flags]} (the message's id is left out of
     * {@code message.added}), in publishing order; sync.completed left out.
     */
    public List<String> summaries() {
        return records().stream()
                .filter(r -> !COMPLETED.equals(TopicRecords.header(r, "ce_type")))
                .map(MailEvents::summary)
                .toList();
    }

    public int completedRuns() {
        return completedJson().size();
    }

    /** The event ids of every {@code message.added}, in publishing order (a re-published event keeps its id). */
    public List<String> addedIds() {
        return records().stream()
                .filter(r -> ADDED.equals(TopicRecords.header(r, "ce_type")))
                .map(r -> TopicRecords.header(r, "ce_id"))
                .toList();
    }

    /** The outcome of every run so far ({@code success}, {@code failure}, {@code busy}), oldest first. */
    public List<String> completedOutcomes() {
        return completedJson().stream()
                .map(json -> json.replaceAll("(?s).*\"outcome\":\"([^\"]+)\".*", "$1"))
                .toList();
    }

    /** The data of the newest sync.completed event, as JSON text. */
    public String lastCompletedJson() {
        List<String> completed = completedJson();
        if (completed.isEmpty()) {
            throw new AssertionError("no sync.completed event for mailbox " + mailboxId);
        }
        return completed.get(completed.size() - 1);
    }

    /** The data of every sync.completed event so far, oldest first, as JSON text. */
    private List<String> completedJson() {
        return records().stream()
                .filter(r -> COMPLETED.equals(TopicRecords.header(r, "ce_type")))
                .map(r -> new String(r.value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }

    private static ConsumerRecord<String, byte[]> withoutBody(ConsumerRecord<String, byte[]> record) {
        return new ConsumerRecord<>(record.topic(), record.partition(), record.offset(), record.timestamp(),
                record.timestampType(), record.serializedKeySize(), record.serializedValueSize(), record.key(), null,
                record.headers(), record.leaderEpoch());
    }

    static String summary(ConsumerRecord<String, byte[]> record) {
        String type = TopicRecords.header(record, "ce_type").replace("io.mailcellar.", "");
        String folder = TopicRecords.header(record, "ce_folder");
        StringBuilder line = new StringBuilder(type).append(' ').append(folder);
        String uidl = TopicRecords.header(record, "ce_uidl");
        if (type.startsWith("message.") && !type.equals("message.added")) {
            line.append(uidl != null ? " uidl=" + uidl : " uid=" + TopicRecords.header(record, "ce_uid"));
        }
        if (type.equals("message.flags-changed")) {
            line.append(" flags=[").append(TopicRecords.header(record, "ce_flags")).append(']');
        }
        return line.toString();
    }
}
