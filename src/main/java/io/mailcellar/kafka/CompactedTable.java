package io.mailcellar.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * A key-value table kept in a compacted topic, values as JSON. An instance
 * holds all of it in memory, replayed at open, then following what others
 * write; or, {@linkplain Scope#FOLLOWED_PARTITIONS by partition}, only the
 * partitions it is told to {@link #follow}. A write returns once Kafka acknowledged it (acks=all) and is visible
 * to its writer at once. A table may hold values of several kinds, told apart
 * by their keys ({@link Codec}).
 */
public final class CompactedTable<V> implements KeyValueTable<V>, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTable.class);

    private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
    /** Our writes coming back are not parsed again: a cursor of a large mailbox is megabytes of JSON. */
    private final OwnWrites ownWrites = new OwnWrites();
    private final String topic;
    private final Codec<V> codec;
    private final Consumer<String> othersWrote;
    private final Duration ackTimeout;
    private final KafkaProducer<String, byte[]> producer;
    /** Set for a table written in transactions: then every write goes through it. */
    private final TransactionalWrites transactions;
    private final CompactedTopicReader reader;
    /** The topic's partitions, once asked. */
    private volatile int partitionCount;

    /** Which part of its topic a table holds. */
    public enum Scope {
        /** All of it, replayed at open. */
        WHOLE_TOPIC,
        /** The partitions it is told to {@link #follow}, none at open. */
        FOLLOWED_PARTITIONS
    }

    /** How a value is written and read: the key may say which kind of value it holds. */
    public interface Codec<V> {

        byte[] write(String key, V value) throws IOException;

        V read(String key, byte[] bytes) throws IOException;

        /**
         * The key whose partition the record goes to: records with the same one keep their order in the log, and
         * are read back in it.
         */
        default String partitionKey(String key) {
            return key;
        }

        /** Every value of one type, as JSON. */
        static <V> Codec<V> json(ObjectMapper json, Class<V> type) {
            return new Codec<>() {
                @Override
                public byte[] write(String key, V value) throws IOException {
                    return json.writeValueAsBytes(value);
                }

                @Override
                public V read(String key, byte[] bytes) throws IOException {
                    return json.readValue(bytes, type);
                }
            };
        }
    }

    private CompactedTable(KafkaClients clients, String topic, Codec<V> codec, Consumer<String> othersWrote,
                           Duration ackTimeout, int maxRecordBytes, String clientId, Optional<String> transactionalId,
                           Scope scope) {
        this.topic = topic;
        this.codec = codec;
        this.othersWrote = othersWrote;
        this.ackTimeout = ackTimeout;
        Map<String, Object> producerSettings = Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd");
        if (transactionalId.isPresent()) {
            Map<String, Object> transactional = new HashMap<>(producerSettings);
            transactional.putAll(TransactionalWrites.settings(transactionalId.get(), ackTimeout));
            this.producer = null;
            this.transactions = new TransactionalWrites(() -> clients.durableProducer(clientId, transactional), topic);
        } else {
            this.producer = clients.durableProducer(clientId, producerSettings);
            this.transactions = null;
        }
        this.reader = scope == Scope.WHOLE_TOPIC
                ? new CompactedTopicReader(clients.readerConsumer(clientId + "-view"), topic, this::apply)
                : CompactedTopicReader.partitioned(clients.readerConsumer(clientId + "-view"), topic, this::apply,
                        this::drop);
    }

    /**
     * Opens the table and starts replaying its topic; {@link #isReady()} tells when that is done.
     * {@code othersWrote} hears the key of every record read that is not this table's own write.
     */
    public static <V> CompactedTable<V> open(KafkaClients clients, String topic, Codec<V> codec,
                                             Consumer<String> othersWrote, KafkaSettings settings, String clientId) {
        return open(clients, topic, codec, othersWrote, settings, clientId, Optional.empty());
    }

    /**
     * A table whose writes are Kafka transactions under this id (unique to the process): each write is seen
     * whole or not at all, and may be {@link GroupFence fenced}.
     */
    public static <V> CompactedTable<V> open(KafkaClients clients, String topic, Codec<V> codec,
                                             Consumer<String> othersWrote, KafkaSettings settings, String clientId,
                                             Optional<String> transactionalId) {
        return open(clients, topic, codec, othersWrote, settings, clientId, transactionalId, Scope.WHOLE_TOPIC);
    }

    /** As above, holding the whole topic or only the partitions it is told to {@link #follow}. */
    public static <V> CompactedTable<V> open(KafkaClients clients, String topic, Codec<V> codec,
                                             Consumer<String> othersWrote, KafkaSettings settings, String clientId,
                                             Optional<String> transactionalId, Scope scope) {
        CompactedTable<V> table = new CompactedTable<>(clients, topic, codec, othersWrote, settings.apiTimeout(),
                (int) settings.stateRecordLimit().asLongValue(), clientId, transactionalId, scope);
        table.reader.start();
        return table;
    }

    /**
     * True once the whole topic has been replayed: before that, values may be missing. A table by partition
     * is ready once it knows the topic's partitions; which of them it holds, {@link #holds} says.
     */
    public boolean isReady() {
        return reader.isCaughtUp();
    }

    /** How many partitions the topic has; 0 until the table has looked. */
    public int partitionCount() {
        return reader.partitionCount();
    }

    /**
     * Holds these partitions from now on, and only these: those newly followed are replayed (the future
     * completes once they are), those no longer followed are forgotten. Only for a table by partition.
     */
    public java.util.concurrent.CompletableFuture<Void> follow(Set<Integer> partitions) {
        return reader.follow(partitions);
    }

    /** True when every record there is under this key is in the view: its partition is held and replayed. */
    @Override
    public boolean holds(String key) {
        int partitions = partitionCount();
        return partitions > 0 && reader.holds(Partitions.of(codec.partitionKey(key), partitions));
    }

    /**
     * Waits until this view holds every record committed to the topic now,
     * including what other instances wrote and this one has not read yet.
     *
     * @throws KafkaUnavailableException not done in time
     */
    public void awaitCurrent(Duration timeout) {
        try {
            reader.readToEnd().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while reading " + topic + " to its end", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("could not read " + topic + " to its end within " + timeout, e);
        }
    }

    @Override
    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return Collections.unmodifiableSet(values.keySet());
    }

    public Collection<V> values() {
        return List.copyOf(values.values());
    }

    public void put(String key, V value) {
        write(Map.of(key, value), List.of());
    }

    public void remove(String key) {
        write(Map.of(), List.of(key));
    }

    /**
     * Puts these values and removes these keys: all records are sent at once,
     * and this returns once Kafka acknowledged every one of them. When one
     * fails, the others may have been written; the view holds those that were.
     */
    @Override
    public void write(Map<String, V> puts, Collection<String> removals) {
        write(puts, removals, null);
    }

    /**
     * As {@link #write(Map, Collection)}; in a transactional table, all of it in one transaction, and with a
     * fence, only while the fence holds.
     *
     * @throws FencedWriteException the fence no longer holds; nothing was written
     */
    @Override
    public void write(Map<String, V> puts, Collection<String> removals, GroupFence fence) {
        if (transactions == null) {
            if (fence != null) {
                throw new IllegalStateException("a fenced write to " + topic + ", which is not written in transactions");
            }
            writeEach(puts, removals);
        } else {
            writeTogether(puts, removals, fence);
        }
    }

    private void writeTogether(Map<String, V> puts, Collection<String> removals, GroupFence fence) {
        int partitions = partitions();
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        puts.forEach((key, value) -> encoded.put(key, encode(key, value)));
        List<ProducerRecord<String, byte[]>> records = new ArrayList<>(puts.size() + removals.size());
        encoded.forEach((key, bytes) -> records.add(record(key, bytes, partitions)));
        removals.forEach(key -> records.add(record(key, null, partitions)));
        encoded.forEach(ownWrites::sending);
        try {
            transactions.commit(records, fence);
        } catch (RuntimeException e) {
            // An aborted transaction never comes back to a read_committed reader.
            encoded.forEach(ownWrites::forget);
            throw e;
        }
        puts.forEach(values::put);
        removals.forEach(values::remove);
    }

    private void writeEach(Map<String, V> puts, Collection<String> removals) {
        int partitions = partitions();
        // Every value encoded before any is sent: a value that cannot be written fails the call with nothing sent.
        Map<String, byte[]> encoded = new LinkedHashMap<>();
        puts.forEach((key, value) -> encoded.put(key, encode(key, value)));
        List<Sent> sent = new ArrayList<>(puts.size() + removals.size());
        encoded.forEach((key, bytes) -> {
            ownWrites.sending(key, bytes);
            sent.add(new Sent(key, bytes, producer.send(record(key, bytes, partitions))));
        });
        removals.forEach(key -> sent.add(new Sent(key, null, producer.send(record(key, null, partitions)))));
        long deadline = Acks.deadline(ackTimeout);
        KafkaUnavailableException failure = null;
        for (Sent record : sent) {
            try {
                Acks.await(record.ack(), deadline, "the write of " + record.key() + " to " + topic);
                if (record.bytes() == null) {
                    values.remove(record.key());
                } else {
                    values.put(record.key(), puts.get(record.key()));
                }
                continue;
            } catch (KafkaUnavailableException e) {
                failure = failure != null ? failure : e;
            }
            if (record.bytes() != null) {
                ownWrites.forget(record.key(), record.bytes());
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** The record, in the partition Kafka's producer would choose for its partition key. */
    private ProducerRecord<String, byte[]> record(String key, byte[] value, int partitions) {
        return new ProducerRecord<>(topic, Partitions.of(codec.partitionKey(key), partitions), key, value);
    }

    private int partitions() {
        int known = partitionCount;
        if (known > 0) {
            return known;
        }
        known = reader.partitionCount();
        if (known > 0) {
            partitionCount = known;
            return known;
        }
        if (producer == null) {
            throw new KafkaUnavailableException("the partitions of " + topic + " are not known yet: it is still being read", null);
        }
        try {
            known = producer.partitionsFor(topic).size();
        } catch (KafkaException e) {
            throw new KafkaUnavailableException("cannot learn the partitions of " + topic + ": " + e.getMessage(), e);
        }
        partitionCount = known;
        return known;
    }

    /** One record sent, and its acknowledgement. */
    private record Sent(String key, byte[] bytes, Future<RecordMetadata> ack) {
    }

    private byte[] encode(String key, V value) {
        try {
            return codec.write(key, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void apply(String key, byte[] value) {
        if (value == null) {
            values.remove(key);
            othersWrote.accept(key);
            return;
        }
        if (ownWrites.skip(key, value)) {
            return;
        }
        try {
            values.put(key, codec.read(key, value));
        } catch (IOException e) {
            // The value may hold a sealed secret: name the record, not its content.
            LOG.errorf("%s: unreadable record in %s (%s); ignored", key, topic, e.getClass().getSimpleName());
        }
        othersWrote.accept(key);
    }

    /** On the reader's thread: forgets every value in these partitions, each as if another instance removed it. */
    private void drop(Set<Integer> partitions) {
        int count = reader.partitionCount();
        java.util.function.Predicate<String> inThem =
                key -> partitions.contains(Partitions.of(codec.partitionKey(key), count));
        ownWrites.forgetKeys(inThem);
        for (String key : values.keySet()) {
            if (inThem.test(key)) {
                values.remove(key);
                othersWrote.accept(key);
            }
        }
    }

    @Override
    public void close() {
        reader.close();
        if (producer != null) {
            producer.close();
        } else {
            transactions.close();
        }
    }
}
