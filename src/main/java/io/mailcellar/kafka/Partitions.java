package io.mailcellar.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/** Where Kafka's default partitioner puts a record with a string key. */
public final class Partitions {

    private Partitions() {
    }

    /** The partition of {@code key} out of {@code partitionCount}, as the producer would choose it. */
    public static int of(String key, int partitionCount) {
        return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitionCount;
    }
}
