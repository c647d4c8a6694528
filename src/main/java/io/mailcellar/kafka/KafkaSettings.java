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

    /**
     * This poller's static member id in the pollers' group (Kafka's
     * {@code group.instance.id}), e.g. its pod name in a StatefulSet. A poller
     * restarted under the same id (after a crash, say) takes its mailboxes
     * back at once, where a new member waits for the dead one's session
     * timeout (45 s). Unset: a dynamic member. Never give two live pollers one id.
     */
    java.util.Optional<String> groupInstanceId();

    /**
     * How long Kafka keeps the change events ({@code mail-events}): the longest the archivers may be unable to
     * write before an event is gone unarchived. They warn (status, metric, log) once an unarchived event is half
     * this old. Set on the topic when the service creates it, and raised on an existing topic that keeps its events
     * for less (never lowered).
     */
    @WithDefault("30d")
    java.time.Duration mailEventsRetention();

    /** How long a start-up or health probe waits for the cluster before it reports failure. */
    @WithDefault("10s")
    java.time.Duration apiTimeout();
}
