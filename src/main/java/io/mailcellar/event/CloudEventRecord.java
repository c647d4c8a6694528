package io.mailcellar.event;

import java.util.Map;

/**
 * A CloudEvent in Kafka binary content mode: the record key, the headers
 * ({@code ce_*} attributes and {@code content-type}) and the data as the value.
 */
public record CloudEventRecord(String key, Map<String, String> headers, byte[] data) {

    public CloudEventRecord {
        headers = Map.copyOf(headers);
    }

    public String header(String name) {
        return headers.get(name);
    }
}
