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
import java.util.Optional;

/**
 * The restores, in the compacted {@code restores} topic: written by the API
 * (requests) and by the pollers (progress), read by both on any instance.
 */
@Startup
@ApplicationScoped
public class RestoreBook {

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
        if (!restores.isReady()) {
            return Optional.empty();
        }
        return restores.table().values().stream()
                .filter(record -> record.mailbox().equals(mailboxId) && !record.state().ended())
                .min(Comparator.comparing(RestoreRecord::requestedAt).thenComparing(RestoreRecord::id));
    }

    private CompactedTable<RestoreRecord> loaded() {
        if (!restores.isReady()) {
            throw new UnavailableException(
                    "the restores are still loading from Kafka; retry shortly");
        }
        return restores.table();
    }
}
