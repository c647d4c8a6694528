package io.mailcellar.sync.runtime;

import io.mailcellar.kafka.Partitions;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

class PollerGroupTest {

    @Test
    void ownsOnlyTheMailboxesOfItsPartitions() {
        String id = UUID.randomUUID().toString();
        int partition = Partitions.of(id, 4);

        assertThat(new PollerGroup.Ownership(Set.of(partition), 4, true, null).owns(id)).isTrue();
        assertThat(new PollerGroup.Ownership(Set.of((partition + 1) % 4), 4, true, null).owns(id)).isFalse();
        assertThat(PollerGroup.Ownership.NONE.owns(id)).as("before joining, nothing").isFalse();
    }
}
