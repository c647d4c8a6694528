package io.mailcellar.sync.cursor;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.CompactedTable;

import java.io.IOException;
import java.util.Collections;
import java.util.TreeMap;

/** The JSON of {@code sync-state} records, each read as the kind its key names ({@link CursorKeys}). */
final class CursorCodec implements CompactedTable.Codec<CursorRecord> {

    private static final TypeReference<TreeMap<Long, KnownMessage>> MESSAGES = new TypeReference<>() {
    };
    private static final TypeReference<TreeMap<String, KnownMessage>> POP3_MESSAGES = new TypeReference<>() {
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
        if (value instanceof Pop3Segment segment) {
            return json.writeValueAsBytes(segment.messages());
        }
        return json.writeValueAsBytes(value);
    }

    @Override
    public CursorRecord read(String key, byte[] bytes) throws IOException {
        // Immutable as read: the cursor assembled from the segments shares their maps.
        if (CursorKeys.isSegment(key)) {
            return new CursorSegment(Collections.unmodifiableSortedMap(json.readValue(bytes, MESSAGES)));
        }
        if (CursorKeys.isPop3Segment(key)) {
            return new Pop3Segment(Collections.unmodifiableSortedMap(json.readValue(bytes, POP3_MESSAGES)));
        }
        return json.readValue(bytes, StoredCursor.class);
    }

    @Override
    public String partitionKey(String key) {
        return CursorKeys.mailboxOf(key);
    }
}
