package io.mailcellar.kafka;

import io.smallrye.common.annotation.Identifier;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Builds plain Kafka clients from the operator's {@code kafka.*} settings
 * (bootstrap servers, SASL, TLS), the same ones the messaging channels use.
 */
@ApplicationScoped
public class KafkaClients {

    /** Keys of the shared config that only make sense for one client kind. */
    private static final Set<String> CHANNEL_ONLY = Set.of("group.id", "client.id");

    private final Map<String, Object> common;

    @Inject
    KafkaClients(@Identifier("default-kafka-broker") Map<String, Object> brokerConfig) {
        Map<String, Object> copy = new HashMap<>();
        brokerConfig.forEach((key, value) -> {
            if (!CHANNEL_ONLY.contains(key)) {
                copy.put(key, value);
            }
        });
        this.common = Map.copyOf(copy);
    }

    /**
     * A producer that is acknowledged only once every in-sync replica has the record. It sends at once (no
     * linger): its callers wait for each write, except one that asks for a linger to batch.
     */
    public KafkaProducer<String, byte[]> durableProducer(String clientId) {
        return durableProducer(clientId, Map.of());
    }

    /**
     * A durable producer with extra settings, e.g. a larger maximum record or a linger; they cannot make it less
     * durable.
     */
    public KafkaProducer<String, byte[]> durableProducer(String clientId, Map<String, Object> extra) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        config.putAll(extra);
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(config);
    }

    /** A consumer without a group, for reading whole (compacted) topics by assignment. */
    public KafkaConsumer<String, byte[]> readerConsumer(String clientId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    /**
     * A member of a consumer group that commits what it has read. A new group
     * starts from the oldest record, so nothing sent before it first joined is
     * missed. With an instance id, a static member (it keeps its partitions
     * over a restart). It reads committed records only, and so, on being
     * given a partition, waits for a transaction of the partition's last
     * owner that commits an offset for it to end ({@link GroupFence}).
     */
    public KafkaConsumer<String, byte[]> groupConsumer(String groupId, String clientId,
                                                       java.util.Optional<String> instanceId) {
        Map<String, Object> config = new HashMap<>(common);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        instanceId.ifPresent(id -> config.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, id));
        config.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, true);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(config);
    }

    public Admin admin() {
        return Admin.create(new HashMap<>(common));
    }
}
