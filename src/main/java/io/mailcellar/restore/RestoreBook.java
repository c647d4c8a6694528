package io.mailcellar.restore;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.mailcellar.api.UnavailableException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The restores, in the compacted {@code restores} topic: written by the API
 * (requests) and by the pollers (progress), read by both on any instance.
 */
@Startup
@ApplicationScoped
public class RestoreBook {

    private static final Comparator<RestoreRecord> OLDEST_FIRST = Comparator.comparing(RestoreRecord::requestedAt)
            .thenComparing(RestoreRecord::id);

    private final CompactedTables.Handle<RestoreRecord> restores;

    RestoreBook(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.restores = tables.register(topics.restores(), RestoreRecord.class, "mailcellar-restores",
                roles.runs(Role.API) || roles.runs(Role.POLLER));
    }

    public boolean isReady() {
        return restores.isReady();
    }

    public Optional<RestoreRecord> find(String restoreId) {
        return loaded().get(restoreId);
    }

    /** Every restore record, ended or not. */
    public List<RestoreRecord> all() {
        return List.copyOf(loaded().values());
    }

    /** Writes the record and waits for Kafka's acknowledgement. */
    public void put(RestoreRecord record) {
        loaded().put(record.id(), record);
    }

    /** The mailbox's oldest restore that has not ended, if any: restores of one mailbox run one at a time. */
    public Optional<RestoreRecord> next(String mailboxId) {
        return Optional.ofNullable(nextByMailbox().get(mailboxId));
    }

    /** Each mailbox's oldest restore that has not ended, from one pass over the restores. */
    public Map<String, RestoreRecord> nextByMailbox() {
        if (!restores.isReady()) {
            return Map.of();
        }
        Map<String, RestoreRecord> next = new HashMap<>();
        for (RestoreRecord record : restores.table().values()) {
            if (!record.state().ended()) {
                next.merge(record.mailbox(), record, (a, b) -> OLDEST_FIRST.compare(a, b) <= 0 ? a : b);
            }
        }
        return next;
    }

    /** The snapshots of the mailbox that its restores not ended yet will read: prune keeps them. */
    public Set<String> pendingSnapshots(String mailboxId) {
        Set<String> snapshots = new HashSet<>();
        for (RestoreRecord record : loaded().values()) {
            if (record.mailbox().equals(mailboxId) && !record.state().ended()) {
                snapshots.add(record.snapshot());
            }
        }
        return snapshots;
    }

    /**
     * The ids of the restores that ended before the cutoff, among those the predicate picks by mailbox id: their
     * records have served their purpose.
     */
    public List<String> endedBefore(Instant cutoff, Predicate<String> mailboxes) {
        return restores.isReady() ? endedBefore(restores.table().values(), cutoff, mailboxes) : List.of();
    }

    static List<String> endedBefore(Collection<RestoreRecord> records, Instant cutoff, Predicate<String> mailboxes) {
        return records.stream().filter(record -> record.state().ended() && record.endedAt() != null
                        && record.endedAt().isBefore(cutoff) && mailboxes.test(record.mailbox()))
                .map(RestoreRecord::id).sorted().toList();
    }

    /** Removes the restore's record (a tombstone in the topic). */
    public void remove(String restoreId) {
        loaded().remove(restoreId);
    }

    private CompactedTable<RestoreRecord> loaded() {
        if (!restores.isReady()) {
            throw new UnavailableException(
                    "the restores are still loading from Kafka; retry shortly");
        }
        return restores.table();
    }
}
