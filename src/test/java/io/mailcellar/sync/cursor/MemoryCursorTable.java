package io.mailcellar.sync.cursor;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.KeyValueTable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code sync-state} in memory, for the cursor's tests: every value goes
 * through the codec, as through Kafka, every write is noted in order, and
 * writes can be made to fail as when Kafka does not acknowledge them.
 */
public final class MemoryCursorTable implements KeyValueTable<CursorRecord> {

    public final Map<String, CursorRecord> values = new HashMap<>();
    public final List<String> writes = new ArrayList<>();
    public boolean failing;
    private final CursorCodec codec;

    MemoryCursorTable(CursorCodec codec) {
        this.codec = codec;
    }

    /** With the service's JSON settings for reading (unknown fields ignored). */
    public MemoryCursorTable() {
        this(new CursorCodec(new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)));
    }

    @Override
    public Optional<CursorRecord> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public Set<String> keys() {
        return Set.copyOf(values.keySet());
    }

    @Override
    public void write(Map<String, CursorRecord> puts, Collection<String> removals) {
        if (failing) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the write", null);
        }
        puts.forEach((key, value) -> {
            try {
                values.put(key, codec.read(key, codec.write(key, value)));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            writes.add("put " + key);
        });
        removals.forEach(key -> {
            values.remove(key);
            writes.add("remove " + key);
        });
    }
}
