package io.mailcellar.mailbox;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The mailboxes' statuses, in the compacted {@code mailbox-status} topic:
 * written by the pollers after each run, read by the API on any instance.
 */
@Startup
@ApplicationScoped
public class StatusBoard {

    private final CompactedTables.Handle<MailboxStatus> statuses;

    StatusBoard(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.statuses = tables.register(topics.mailboxStatus(), MailboxStatus.class, "mailcellar-status",
                roles.runs(Role.API) || roles.runs(Role.POLLER));
    }

    public Optional<MailboxStatus> find(String mailboxId) {
        return loaded().get(mailboxId);
    }

    public void put(MailboxStatus status) {
        loaded().put(status.mailboxId(), status);
    }

    void remove(String mailboxId) {
        loaded().remove(mailboxId);
    }

    private CompactedTable<MailboxStatus> loaded() {
        if (!statuses.isReady()) {
            throw new MailboxRegistry.RegistryUnavailableException(
                    "the mailbox statuses are still loading from Kafka; retry shortly");
        }
        return statuses.table();
    }
}
