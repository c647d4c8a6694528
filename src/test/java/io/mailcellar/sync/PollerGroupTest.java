package io.mailcellar.sync;

import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PollerGroupTest {

    @Test
    void aMailboxBelongsToThePartitionItsRecordsAreWrittenTo() {
        for (int i = 0; i < 200; i++) {
            String id = UUID.randomUUID().toString();
            for (int partitions : new int[] {1, 3, 6, 12}) {
                assertThat(PollerGroup.partitionOf(id, partitions)).as(id).isEqualTo(
                        BuiltInPartitioner.partitionForKey(id.getBytes(StandardCharsets.UTF_8), partitions));
            }
        }
    }

    @Test
    void ownsOnlyTheMailboxesOfItsPartitions() {
        String id = UUID.randomUUID().toString();
        int partition = PollerGroup.partitionOf(id, 4);

        assertThat(new PollerGroup.Ownership(Set.of(partition), 4, true).owns(id)).isTrue();
        assertThat(new PollerGroup.Ownership(Set.of((partition + 1) % 4), 4, true).owns(id)).isFalse();
        assertThat(PollerGroup.Ownership.NONE.owns(id)).as("before joining, nothing").isFalse();
    }
}
