package io.mailcellar.kafka;

import java.util.Map;

/** Kafka clients on a test broker, for tests outside this package. */
public final class TestKafkaClients {

    private TestKafkaClients() {
    }

    public static KafkaClients of(String bootstrapServers) {
        return new KafkaClients(Map.of("bootstrap.servers", bootstrapServers));
    }
}
