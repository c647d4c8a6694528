package io.mailcellar.kafka;

import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.util.Map;

/**
 * A write that may land only while one member of a consumer group still
 * holds one partition, as of the group generation it was assigned in. The
 * write goes in a transaction that also commits {@code offset} for that
 * partition on the member's behalf; the group coordinator refuses that
 * commit from an older generation, and the whole transaction is aborted.
 *
 * @param member    the member as of its last assignment ({@code consumer.groupMetadata()})
 * @param partition the partition it holds
 * @param offset    the member's position in that partition, committed with the write
 */
public record GroupFence(ConsumerGroupMetadata member, TopicPartition partition, long offset) {

    Map<TopicPartition, OffsetAndMetadata> offsets() {
        return Map.of(partition, new OffsetAndMetadata(offset));
    }

    /** For messages: which partition of which group, in which generation. */
    String describe() {
        return "partition " + partition.partition() + " of " + partition.topic() + " in group " + member.groupId()
                + " (generation " + member.generationId() + ")";
    }
}
