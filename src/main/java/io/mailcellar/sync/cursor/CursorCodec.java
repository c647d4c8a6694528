package io.mailcellar.sync.cursor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.CompactedTable;

import java.io.IOException;
import java.util.TreeMap;

/** The JSON of {@code sync-state} records, each read as the kind its key names ({@link CursorKeys}). */
final class CursorCodec implements CompactedTable.Codec<CursorRecord> {

    private static final TypeReference<TreeMap<Long, KnownMessage>> MESSAGES = new TypeReference<>() {
    };

    private final ObjectMapper json;

    CursorCodec(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public byte[] write(String key, CursorRecord value) throws IOException {
        if (value instanceof CursorSegment segment) {
            return json.writeValueAsBytes(segment.messages());
        }
        return json.writeValueAsBytes(value);
    }

    @Override
    public CursorRecord read(String key, byte[] bytes) throws IOException {
        if (CursorKeys.isSegment(key)) {
            return new CursorSegment(json.readValue(bytes, MESSAGES));
        }
        return json.readValue(bytes, StoredCursor.class);
    }

    @Override
    public String partitionKey(String key) {
        return CursorKeys.mailboxOf(key);
    }
}
