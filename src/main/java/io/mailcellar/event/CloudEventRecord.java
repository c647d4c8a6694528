package io.mailcellar.event;

import org.apache.kafka.clients.producer.ProducerRecord;

import java.nio.charset.StandardCharsets;
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

    /** The Kafka record that carries this event to {@code topic}, its headers in UTF-8. */
    public ProducerRecord<String, byte[]> toProducerRecord(String topic) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, key, data);
        headers.forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
        return record;
    }
}
