package io.mailcellar.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.api.UnavailableException;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Topics;
import io.mailcellar.kafka.TopicsReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registered mailboxes. The compacted {@code mailboxes} topic is the truth;
 * every instance keeps a view of all of it, replayed at start and followed
 * afterwards. Writes go to Kafka first (acks=all), so a registration the API
 * confirmed is never lost.
 */
@ApplicationScoped
public class MailboxRegistry {

    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;
    private final ObjectMapper json;
    private volatile CompactedTable<Mailbox> table;

    MailboxRegistry(KafkaClients clients, Topics topics, KafkaSettings settings, ObjectMapper json) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes TopicsReady ready) {
        table = CompactedTable.open(clients, topics.mailboxes(), Mailbox.class, json, settings,
                "mailcellar-registry");
    }

    void stop(@Observes ShutdownEvent event) {
        if (table != null) {
            table.close();
        }
    }

    /** True once the whole topic has been replayed: before that, the view may miss mailboxes. */
    public boolean isReady() {
        CompactedTable<Mailbox> current = table;
        return current != null && current.isReady();
    }

    public Optional<Mailbox> find(String id) {
        return loaded().get(id);
    }

    /** Every mailbox, oldest registration first. */
    public List<Mailbox> all() {
        return loaded().values().stream()
                .sorted(Comparator.comparing(Mailbox::createdAt).thenComparing(Mailbox::id))
                .toList();
    }

    public void put(Mailbox mailbox) {
        loaded().put(mailbox.id(), mailbox);
    }

    public void remove(String id) {
        loaded().remove(id);
    }

    private CompactedTable<Mailbox> loaded() {
        if (!isReady()) {
            throw new RegistryUnavailableException("the mailbox registry is still loading from Kafka; retry shortly");
        }
        return table;
    }

    /** The view is not loaded yet. */
    public static class RegistryUnavailableException extends UnavailableException {
        public RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
