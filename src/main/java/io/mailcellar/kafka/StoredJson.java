package io.mailcellar.kafka;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The JSON of everything mailcellar stores in Kafka (registrations, cursors,
 * statuses, poll requests, event data): one mapper, set here and not by the
 * REST layer's settings, so that a change of API configuration can never
 * change a stored format. Times are ISO 8601 text, durations too; map
 * entries are written in key order, so one value is always the same bytes;
 * unknown fields are ignored on reading. The formats are pinned by golden files
 * (src/test/resources/golden).
 */
public final class StoredJson {

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private StoredJson() {
    }

    /** The shared mapper; thread-safe, and not to be reconfigured. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
