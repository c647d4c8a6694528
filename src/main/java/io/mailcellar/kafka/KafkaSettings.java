package io.mailcellar.kafka;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** How mailcellar names and creates its Kafka topics ({@code mailcellar.kafka.*}). */
@ConfigMapping(prefix = "mailcellar.kafka")
public interface KafkaSettings {

    /** Prefix of every topic name, so several installs can share a cluster. */
    @WithDefault("mailcellar.")
    String topicPrefix();

    /** Partitions of the topics the service creates; the unit of poller parallelism. */
    @WithDefault("6")
    int partitions();

    /** Replication factor of the topics the service creates (use 3 on a real cluster). */
    @WithDefault("1")
    short replicationFactor();

    /**
     * Messages up to this size travel inside the event; larger ones are staged
     * in S3 and the event carries a claim check. Must stay below the broker's
     * and the topic's maximum record size.
     */
    @WithDefault("512K")
    MemorySize inlineLimit();

    /**
     * Largest record of the compacted state topics: a mailbox's cursor lists
     * the digest and flags of every message it polled (~100 bytes each before
     * compression). The service sets it on the topics it manages.
     */
    @WithDefault("64M")
    MemorySize stateRecordLimit();

    /** How long a start-up or health probe waits for the cluster before it reports failure. */
    @WithDefault("10s")
    java.time.Duration apiTimeout();
}
