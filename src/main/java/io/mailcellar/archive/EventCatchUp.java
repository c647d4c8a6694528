package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaClients;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reads again, from Kafka, one mailbox's change events that an archiver
 * handled before its last start but no snapshot holds yet (their offsets were
 * committed once their bodies were stored): the events between the newest
 * snapshot's last one and the first one this archiver was given. Without
 * them, the next snapshot would miss what those events changed.
 */
@ApplicationScoped
public class EventCatchUp {

    private static final Duration POLL = Duration.ofMillis(500);

    /** Where the range begins: just after an offset, or at a time (the mailbox's registration). */
    public sealed interface Start permits AfterOffset, AtTime {
    }

    public record AfterOffset(long offset) implements Start {
    }

    public record AtTime(Instant time) implements Start {
    }

    /** How a catch-up went: events read for the mailbox, and whether retention had removed its start. */
    public record Result(int events, boolean startRemoved) {
    }

    private final KafkaClients clients;

    EventCatchUp(KafkaClients clients) {
        this.clients = clients;
    }

    /**
     * Hands the mailbox's records of the partition from {@code start} up to {@code end} (exclusive), in order.
     *
     * @throws ArchiveUnavailableException Kafka could not be read
     */
    public Result replay(String topic, int partition, String mailboxId, Start start, long end,
                         Consumer<ConsumerRecord<String, byte[]>> each) {
        TopicPartition tp = new TopicPartition(topic, partition);
        try (KafkaConsumer<String, byte[]> consumer = clients.readerConsumer("archiver-catch-up-" + mailboxId)) {
            consumer.assign(List.of(tp));
            long earliest = consumer.beginningOffsets(List.of(tp)).get(tp);
            long logEnd = consumer.endOffsets(List.of(tp)).get(tp);
            long from;
            boolean startRemoved;
            if (start instanceof AfterOffset after) {
                from = after.offset() + 1;
                startRemoved = from < earliest;
            } else {
                Instant time = ((AtTime) start).time();
                Map<TopicPartition, OffsetAndTimestamp> found = consumer.offsetsForTimes(
                        Map.of(tp, time.toEpochMilli()));
                from = found.get(tp) == null ? end : found.get(tp).offset();
                startRemoved = earliest > 0 && removedSince(time, firstKeptTime(consumer, tp, earliest, logEnd));
            }
            from = Math.max(from, earliest);
            int events = 0;
            if (from >= end) {
                return new Result(0, startRemoved);
            }
            consumer.seek(tp, from);
            while (consumer.position(tp) < Math.min(end, logEnd)) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL).records(tp)) {
                    if (record.offset() >= end) {
                        return new Result(events, startRemoved);
                    }
                    if (mailboxId.equals(record.key())) {
                        each.accept(record);
                        events++;
                    }
                }
            }
            return new Result(events, startRemoved);
        } catch (KafkaException e) {
            throw new ArchiveUnavailableException("mailbox " + mailboxId + ": its events on " + tp
                    + " could not be read again: " + e.getMessage(), e);
        }
    }

    /**
     * Whether retention may have removed records written since a time, given the time of the partition's first
     * kept record: null when none is left to read (retention took them all, the event being handled too).
     * Removed records are older than every kept one: when the first kept record is at or past the time, those
     * removed just before it may be too; only a kept record older than the time shows that all removed ones came
     * before it.
     */
    static boolean removedSince(Instant time, Instant firstKept) {
        return firstKept == null || !firstKept.isBefore(time);
    }

    /**
     * The time of the partition's first kept record, or null when there is none. Read, not looked up by offset:
     * the log may begin with a transaction marker, which holds no record.
     */
    private static Instant firstKeptTime(KafkaConsumer<String, byte[]> consumer, TopicPartition tp, long earliest,
                                         long logEnd) {
        consumer.seek(tp, earliest);
        for (int polls = 0; polls < 20 && consumer.position(tp) < logEnd; polls++) {
            List<ConsumerRecord<String, byte[]>> records = consumer.poll(POLL).records(tp);
            if (!records.isEmpty()) {
                return Instant.ofEpochMilli(records.get(0).timestamp());
            }
        }
        return null;
    }
}
