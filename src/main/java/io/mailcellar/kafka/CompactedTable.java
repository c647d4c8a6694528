package io.mailcellar.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A key-value table kept in a compacted topic, values as JSON. Every instance
 * holds all of it in memory: replayed at open, then following what others
 * write. A write returns once Kafka acknowledged it (acks=all) and is visible
 * to its writer at once.
 */
public final class CompactedTable<V> implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(CompactedTable.class);

    private final ConcurrentMap<String, V> values = new ConcurrentHashMap<>();
    /** Our writes coming back are not parsed again: a cursor of a large mailbox is megabytes of JSON. */
    private final OwnWrites ownWrites = new OwnWrites();
    private final String topic;
    private final Class<V> type;
    private final ObjectMapper json;
    private final Duration ackTimeout;
    private final KafkaProducer<String, byte[]> producer;
    private final CompactedTopicReader reader;

    private CompactedTable(KafkaClients clients, String topic, Class<V> type, ObjectMapper json, Duration ackTimeout,
                           int maxRecordBytes, String clientId) {
        this.topic = topic;
        this.type = type;
        this.json = json;
        this.ackTimeout = ackTimeout;
        this.producer = clients.durableProducer(clientId, Map.of(
                ProducerConfig.MAX_REQUEST_SIZE_CONFIG, maxRecordBytes,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "zstd"));
        this.reader = new CompactedTopicReader(clients.readerConsumer(clientId + "-view"), topic, this::apply);
    }

    /** Opens the table and starts replaying its topic; {@link #isReady()} tells when that is done. */
    public static <V> CompactedTable<V> open(KafkaClients clients, String topic, Class<V> type, ObjectMapper json,
                                             KafkaSettings settings, String clientId) {
        CompactedTable<V> table = new CompactedTable<>(clients, topic, type, json, settings.apiTimeout(),
                (int) settings.stateRecordLimit().asLongValue(), clientId);
        table.reader.start();
        return table;
    }

    /** True once the whole topic has been replayed: before that, values may be missing. */
    public boolean isReady() {
        return reader.isCaughtUp();
    }

    public Optional<V> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    public Collection<V> values() {
        return List.copyOf(values.values());
    }

    public void put(String key, V value) {
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ownWrites.sending(key, bytes);
        try {
            write(key, bytes);
        } catch (KafkaUnavailableException e) {
            ownWrites.forget(key, bytes);
            throw e;
        }
        values.put(key, value);
    }

    public void remove(String key) {
        write(key, null);
        values.remove(key);
    }

    private void write(String key, byte[] value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing " + key + " to " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the write of " + key + " to " + topic, e);
        }
    }

    private void apply(String key, byte[] value) {
        if (value == null) {
            values.remove(key);
            return;
        }
        if (ownWrites.skip(key, value)) {
            return;
        }
        try {
            values.put(key, json.readValue(value, type));
        } catch (IOException e) {
            // The value may hold a sealed secret: name the record, not its content.
            LOG.errorf("%s %s: unreadable record in %s (%s); ignored", type.getSimpleName(), key, topic,
                    e.getClass().getSimpleName());
        }
    }

    @Override
    public void close() {
        reader.close();
        producer.close();
    }
}
