package io.mailcellar.sync;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.KeyValueTable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code sync-state} table in memory, for unit tests of the cursor: every
 * value goes through the real codec, as through Kafka, and every write is
 * noted in order.
 */
final class RecordingCursorTable implements KeyValueTable<CursorRecord> {

    /** As Quarkus configures it: unknown properties are not an error. */
    final ObjectMapper json = new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    final CursorCodec codec = new CursorCodec(json);
    final Map<String, CursorRecord> values = new ConcurrentHashMap<>();
    final List<String> writes = java.util.Collections.synchronizedList(new ArrayList<>());

    @Override
    public Optional<CursorRecord> get(String key) {
        return Optional.ofNullable(values.get(key));
    }

    @Override
    public void write(Map<String, CursorRecord> puts, Collection<String> removals) {
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
