package io.mailcellar.sync.cursor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.FencedWriteException;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.KeyValueTable;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sync-state} in memory, for the cursor's tests: every value must
 * come back from the codec equal, as through Kafka, and is then held as
 * written, as the real table holds its own writes; every write is noted in
 * order, and writes can be made to fail as when Kafka does not acknowledge
 * them.
 */
public final class MemoryCursorTable implements KeyValueTable<CursorRecord> {

    /** A poller's hold on partition 0, for saves in tests. */
    public static final GroupFence FENCE = new GroupFence(new ConsumerGroupMetadata("pollers"),
            new TopicPartition("sync-requests", 0), 0);

    public final Map<String, CursorRecord> values = new HashMap<>();
    public final List<String> writes = new ArrayList<>();
    /** The keys read, in order. */
    public final List<String> reads = new ArrayList<>();
    /** The bytes of every value written, as encoded for Kafka. */
    public long bytesWritten;
    /** False to only encode what is written, as Kafka's producer does: a bench times no decoding. */
    public boolean checkRoundTrip = true;
    public boolean failing;
    public boolean fencedOut;
    /** Mailboxes whose partition this table does not hold, as on a poller that was not given it. */
    public final Set<String> notHeld = new java.util.HashSet<>();
    private final CursorCodec codec;

    MemoryCursorTable(CursorCodec codec) {
        this.codec = codec;
    }

    /** With the service's own mapper for stored records, as the poller writes them. */
    public static MemoryCursorTable withStoredJson() {
        return new MemoryCursorTable(new CursorCodec(io.mailcellar.kafka.StoredJson.mapper()));
    }

    /** With the service's JSON settings for reading (unknown fields ignored). */
    public MemoryCursorTable() {
        this(new CursorCodec(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)));
    }

    @Override
    public Optional<CursorRecord> get(String key) {
        reads.add(key);
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public boolean holds(String key) {
        return !notHeld.contains(CursorKeys.mailboxOf(key));
    }

    @Override
    public Set<String> keys() {
        return Set.copyOf(values.keySet());
    }

    @Override
    public void write(Map<String, CursorRecord> puts, Collection<String> removals) {
        write(puts, removals, null);
    }

    /** Fenced or not, all or nothing; {@link #fencedOut} refuses fenced writes as a lost partition does. */
    @Override
    public void write(Map<String, CursorRecord> puts, Collection<String> removals, GroupFence fence) {
        if (fence != null && fencedOut) {
            throw new FencedWriteException("this process no longer holds " + fence.partition(), null);
        }
        if (failing) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the write", null);
        }
        puts.forEach((key, value) -> {
            try {
                byte[] bytes = codec.write(key, value);
                bytesWritten += bytes.length;
                if (checkRoundTrip) {
                    CursorRecord read = codec.read(key, bytes);
                    if (!read.equals(value)) {
                        throw new AssertionError(key + " reads back as " + read + ", not as written: " + value);
                    }
                }
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            values.put(key, value);
            writes.add("put " + key);
        });
        removals.forEach(key -> {
            values.remove(key);
            writes.add("remove " + key);
        });
    }
}
