package io.mailcellar.kafka;

import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A table kept in a compacted topic, as a view built on it uses it: reads from memory, acknowledged writes. */
public interface KeyValueTable<V> {

    Optional<V> get(String key);

    /**
     * True when the view holds everything stored under this key, so that an empty {@link #get} means there is
     * nothing; false where it holds only some partitions of the table, not this key's.
     */
    boolean holds(String key);

    /** The keys it holds: a view that follows the table, not a copy; a sweep of sync-state reads them all. */
    Set<String> keys();

    /**
     * Puts these values and removes these keys, and returns once Kafka acknowledged all of them; fails with
     * {@link KafkaUnavailableException} when it did not.
     */
    void write(Map<String, V> puts, Collection<String> removals);

    /**
     * As {@link #write(Map, Collection)}, all of it or nothing, and only while the fence holds.
     *
     * @throws FencedWriteException the writer no longer holds the fence's partition: nothing was written
     */
    void write(Map<String, V> puts, Collection<String> removals, GroupFence fence);
}
