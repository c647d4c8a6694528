package io.mailcellar.kafka;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PartitionsTest {

    @Test
    void aKeyBelongsToThePartitionTheProducerWritesItTo() {
        for (int i = 0; i < 200; i++) {
            String id = UUID.randomUUID().toString();
            for (int partitions : new int[] {1, 3, 6, 12}) {
                assertThat(Partitions.of(id, partitions)).as(id).isEqualTo(
                        BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }
}
