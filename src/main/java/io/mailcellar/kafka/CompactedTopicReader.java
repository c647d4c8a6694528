package io.mailcellar.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;

/**
 * Follows a whole compacted topic on a thread of its own: first replays it
 * from the beginning up to the end offsets seen at start (then {@link #isCaughtUp()}),
 * then keeps applying what other instances write. Each record goes to the
 * handler as (key, value); a null value is a tombstone. It outlives Kafka
 * outages: only {@link #close()} ends it.
 */
public final class CompactedTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicReader.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BiConsumer<String, byte[]> handler;
    private final Thread thread;
    private volatile boolean caughtUp;
    /** Asked for by other threads: complete once all that was committed at asking is read. */
    private final Queue<CompletableFuture<Void>> readToEndRequests = new ConcurrentLinkedQueue<>();
    /** The requests taken up, each with the end offsets it waits for. */
    private final Map<CompletableFuture<Void>, Map<TopicPartition, Long>> readingToEnd = new HashMap<>();
    /** The topic's partitions once assigned, else 0. */
    private volatile int partitionCount;
    private volatile boolean closed;

    public CompactedTopicReader(KafkaConsumer<String, byte[]> consumer, String topic,
                                BiConsumer<String, byte[]> handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.thread = new Thread(this::run, "follow-" + topic);
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public boolean isCaughtUp() {
        return caughtUp;
    }

    /** How many partitions the topic has; 0 until the reader has looked. */
    public int partitionCount() {
        return partitionCount;
    }

    /**
     * Replays, then follows. Kafka being away (a timeout at start, say) does
     * not end the reader: it says so, waits a growing pause, and goes on
     * from where it was, so the view and the readiness that hangs on it come
     * back by themselves once Kafka does.
     */
    private void run() {
        List<TopicPartition> partitions = null;
        Map<TopicPartition, Long> endAtStart = null;
        long pauseMillis = 1_000;
        try {
            while (!closed) {
                try {
                    if (partitions == null) {
                        partitions = assignAll();
                        LOG.infof("replaying topic %s (%d partitions)", topic, partitions.size());
                    }
                    if (endAtStart == null) {
                        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
                        consumer.seekToBeginning(partitions);
                        endAtStart = end;
                        caughtUp = reached(endAtStart);
                    }
                    for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                        apply(record);
                    }
                    if (!caughtUp && reached(endAtStart)) {
                        caughtUp = true;
                        LOG.infof("replayed topic %s", topic);
                    }
                    takeUpReadToEnd(partitions);
                    pauseMillis = 1_000;
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    if (closed) {
                        break;
                    }
                    LOG.warnf("reader of topic %s: Kafka did not answer (%s); trying again in %d s", topic,
                            e.toString(), pauseMillis / 1000);
                    sleep(pauseMillis);
                    pauseMillis = Math.min(pauseMillis * 2, MAX_PAUSE.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (!closed) {
                LOG.errorf(e, "reader of %s woken up while open", topic);
            }
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WakeupException();
        }
    }

    /**
     * Completes once the reader has read every record committed to the
     * topic when this was called: what another instance wrote before,
     * even if it was not read back yet then.
     */
    public CompletableFuture<Void> readToEnd() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        readToEndRequests.add(done);
        return done;
    }

    /** On the reader's thread: asks the end offsets for new requests, and completes those reached. */
    private void takeUpReadToEnd(List<TopicPartition> partitions) {
        if (!readToEndRequests.isEmpty()) {
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            for (CompletableFuture<Void> request; (request = readToEndRequests.poll()) != null; ) {
                readingToEnd.put(request, end);
            }
        }
        readingToEnd.entrySet().removeIf(request -> {
            if (request.getKey().isDone()) {
                return true;
            }
            if (reached(request.getValue())) {
                request.getKey().complete(null);
                return true;
            }
            return false;
        });
    }

    private void apply(ConsumerRecord<String, byte[]> record) {
        try {
            handler.accept(record.key(), record.value());
        } catch (RuntimeException e) {
            // One unreadable record must not stop the view; it is reported and skipped.
            LOG.errorf(e, "cannot apply record %s-%d@%d (key %s)", record.topic(), record.partition(),
                    record.offset(), record.key());
        }
    }

    private List<TopicPartition> assignAll() {
        List<PartitionInfo> infos;
        do {
            infos = consumer.partitionsFor(topic, Duration.ofSeconds(10));
        } while ((infos == null || infos.isEmpty()) && !closed);
        if (infos == null) {
            throw new WakeupException();
        }
        List<TopicPartition> partitions = infos.stream()
                .map(info -> new TopicPartition(topic, info.partition()))
                .toList();
        consumer.assign(partitions);
        partitionCount = partitions.size();
        return partitions;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        closed = true;
        consumer.wakeup();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
