package io.mailcellar.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Topics;
import io.mailcellar.kafka.TopicsReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Optional;

/**
 * The mailboxes' statuses, in the compacted {@code mailbox-status} topic:
 * written by the pollers after each run, read by the API on any instance.
 */
@ApplicationScoped
public class StatusBoard {

    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;
    private final ObjectMapper json;
    private volatile CompactedTable<MailboxStatus> table;

    StatusBoard(KafkaClients clients, Topics topics, KafkaSettings settings, ObjectMapper json) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes TopicsReady ready) {
        table = CompactedTable.open(clients, topics.mailboxStatus(), MailboxStatus.class, json, settings,
                "mailcellar-status");
    }

    void stop(@Observes ShutdownEvent event) {
        if (table != null) {
            table.close();
        }
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
        CompactedTable<MailboxStatus> current = table;
        if (current == null || !current.isReady()) {
            throw new MailboxRegistry.RegistryUnavailableException(
                    "the mailbox statuses are still loading from Kafka; retry shortly");
        }
        return current;
    }
}
