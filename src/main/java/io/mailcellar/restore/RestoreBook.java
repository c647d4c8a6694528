package io.mailcellar.restore;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.mailcellar.api.UnavailableException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

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

    private CompactedTable<RestoreRecord> loaded() {
        if (!restores.isReady()) {
            throw new UnavailableException(
                    "the restores are still loading from Kafka; retry shortly");
        }
        return restores.table();
    }
}
