package io.mailcellar.kafka;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Follows a compacted topic on a thread of its own: replays it from the
 * beginning up to the end offsets seen at start (then {@link #isCaughtUp()}),
 * then keeps applying what other instances write. Each record goes to the
 * handler as (key, value); a null value is a tombstone. It outlives Kafka
 * outages: only {@link #close()} ends it.
 *
 * <p>A reader of the {@linkplain #partitioned partitions it is told} follows
 * none at start (it is caught up once it knows the topic's partitions), and
 * then those given to {@link #follow}: each newly followed partition is
 * replayed from its beginning, and the records of a partition it stops
 * following are dropped, so that memory holds only what the instance uses.
 */
public final class CompactedTopicReader implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTopicReader.class);
    private static final Duration MAX_PAUSE = Duration.ofSeconds(30);

    private final KafkaConsumer<String, byte[]> consumer;
    private final String topic;
    private final BiConsumer<String, byte[]> handler;
    /** Null for a reader of the whole topic; else hears the partitions whose records are to be forgotten. */
    private final Consumer<Set<Integer>> dropped;
    private final Thread thread;
    private volatile boolean caughtUp;
    /** The partitions to follow, as last asked ({@link #follow}); null: the whole topic. */
    private volatile Set<Integer> wanted;
    /** Asked for by other threads: complete once the partitions then wanted are followed and replayed. */
    private final Queue<CompletableFuture<Void>> followRequests = new ConcurrentLinkedQueue<>();
    /** The partitions assigned now, on the reader's thread, as numbers and as the consumer's. */
    private Set<Integer> following = Set.of();
    private List<TopicPartition> assigned = List.of();
    /** Newly followed partitions still being replayed, with the end offset each is replayed to. */
    private final Map<TopicPartition, Long> replaying = new HashMap<>();
    /** The followed partitions that are replayed: their records are all in the view. */
    private volatile Set<Integer> held = Set.of();
    /** Asked for by other threads: complete once all that was committed at asking is read. */
    private final Queue<CompletableFuture<Void>> readToEndRequests = new ConcurrentLinkedQueue<>();
    /** The requests taken up, each with the end offsets it waits for. */
    private final Map<CompletableFuture<Void>, Map<TopicPartition, Long>> readingToEnd = new HashMap<>();
    /** The topic's partitions once assigned, else 0. */
    private volatile int partitionCount;
    private volatile boolean closed;

    /** A reader of the whole topic. */
    public CompactedTopicReader(KafkaConsumer<String, byte[]> consumer, String topic,
                                BiConsumer<String, byte[]> handler) {
        this(consumer, topic, handler, null);
    }

    private CompactedTopicReader(KafkaConsumer<String, byte[]> consumer, String topic,
                                 BiConsumer<String, byte[]> handler, Consumer<Set<Integer>> dropped) {
        this.consumer = consumer;
        this.topic = topic;
        this.handler = handler;
        this.dropped = dropped;
        this.wanted = dropped == null ? null : Set.of();
        this.thread = new Thread(this::run, "follow-" + topic);
        this.thread.setDaemon(true);
    }

    /**
     * A reader of the partitions it is told to {@link #follow}, none at first. {@code dropped} hears, on the
     * reader's thread, the partitions whose records the view must forget: those no longer followed, and
     * those about to be replayed again from their beginning.
     */
    public static CompactedTopicReader partitioned(KafkaConsumer<String, byte[]> consumer, String topic,
                                                   BiConsumer<String, byte[]> handler,
                                                   Consumer<Set<Integer>> dropped) {
        return new CompactedTopicReader(consumer, topic, handler, dropped);
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
     * Follows these partitions from now on, and only these: the future completes once each is replayed to the
     * end it had when the reader took the request up. A later call supersedes an earlier one still under way,
     * which then completes once the later one does.
     */
    public CompletableFuture<Void> follow(Set<Integer> partitions) {
        if (dropped == null) {
            throw new IllegalStateException("the reader of " + topic + " follows the whole topic");
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        wanted = Set.copyOf(partitions);
        followRequests.add(done);
        return done;
    }

    /** True when the partition's records are all in the view: the whole topic is, once caught up. */
    public boolean holds(int partition) {
        return dropped == null ? caughtUp : held.contains(partition);
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
                        partitions = lookUp();
                        if (dropped == null) {
                            consumer.assign(partitions);
                            LOG.infof("replaying topic %s (%d partitions)", topic, partitions.size());
                        } else {
                            caughtUp = true;
                        }
                    }
                    if (dropped != null) {
                        followWanted();
                        pauseMillis = 1_000;
                        continue;
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
     * One turn of a reader of some partitions: takes up a change of what it
     * follows, reads what came, and says which partitions are replayed.
     */
    private void followWanted() {
        Set<Integer> want = wanted;
        boolean changed = !want.equals(following);
        if (changed) {
            Set<TopicPartition> added = want.stream().filter(p -> !following.contains(p))
                    .map(p -> new TopicPartition(topic, p)).collect(Collectors.toSet());
            Set<Integer> gone = following.stream().filter(p -> !want.contains(p)).collect(Collectors.toSet());
            List<TopicPartition> next = want.stream().map(p -> new TopicPartition(topic, p)).toList();
            consumer.assign(next);
            // Asked of assigned partitions (the consumer keeps their last stable offsets); if Kafka does not
            // answer, nothing else has changed yet and the next turn starts over.
            Map<TopicPartition, Long> ends = added.isEmpty() ? Map.of() : consumer.endOffsets(added);
            following = want;
            assigned = next;
            replaying.keySet().removeIf(partition -> !want.contains(partition.partition()));
            held = held.stream().filter(want::contains).collect(Collectors.toUnmodifiableSet());
            Set<Integer> forget = new HashSet<>(gone);
            added.forEach(partition -> forget.add(partition.partition()));
            if (!gone.isEmpty()) {
                LOG.infof("letting go of partitions %s of topic %s", gone.stream().sorted().toList(), topic);
            }
            if (!forget.isEmpty()) {
                // What was held of a partition followed before is stale: it is read again from its beginning.
                dropped.accept(forget);
            }
            if (!added.isEmpty()) {
                consumer.seekToBeginning(added);
                replaying.putAll(ends);
                LOG.infof("replaying partitions %s of topic %s", sorted(added), topic);
            }
        }
        if (following.isEmpty()) {
            sleep(100);
        } else {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                apply(record);
            }
        }
        boolean replayed = replaying.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        if (changed || replayed) {
            Set<Integer> stillReplaying = replaying.keySet().stream().map(TopicPartition::partition)
                    .collect(Collectors.toSet());
            held = following.stream().filter(p -> !stillReplaying.contains(p))
                    .collect(Collectors.toUnmodifiableSet());
        }
        if (replaying.isEmpty() && wanted.equals(following)) {
            for (CompletableFuture<Void> request; (request = followRequests.poll()) != null; ) {
                request.complete(null);
            }
        }
        takeUpReadToEnd(assigned);
    }

    private static List<Integer> sorted(Set<TopicPartition> partitions) {
        return partitions.stream().map(TopicPartition::partition).sorted().toList();
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

    private List<TopicPartition> lookUp() {
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
        partitionCount = partitions.size();
        return partitions;
    }

    /** True when every partition in {@code end} that is still read is read up to its offset there. */
    private boolean reached(Map<TopicPartition, Long> end) {
        Set<TopicPartition> assigned = consumer.assignment();
        return end.entrySet().stream().allMatch(e -> !assigned.contains(e.getKey())
                || consumer.position(e.getKey()) >= e.getValue());
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
