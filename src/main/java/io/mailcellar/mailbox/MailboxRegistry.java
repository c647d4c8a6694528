package io.mailcellar.mailbox;

import io.mailcellar.api.UnavailableException;
import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The registered mailboxes. The compacted {@code mailboxes} topic is the truth;
 * every instance keeps a view of all of it, replayed at start and followed
 * afterwards. Writes go to Kafka first (acks=all), so a registration the API
 * confirmed is never lost.
 */
@Startup
@ApplicationScoped
public class MailboxRegistry {

    private final CompactedTables.Handle<Mailbox> mailboxes;

    MailboxRegistry(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.mailboxes = tables.register(topics.mailboxes(), Mailbox.class, "mailcellar-registry",
                roles.runs(Role.API) || roles.runs(Role.POLLER));
    }

    /** False in a process that runs neither the API nor the poller role: it never reads the mailboxes topic. */
    public boolean inUse() {
        return mailboxes.inUse();
    }

    /** True once the whole topic has been replayed: before that, the view may miss mailboxes. */
    public boolean isReady() {
        return mailboxes.isReady();
    }

    public Optional<Mailbox> find(String id) {
        return loaded().get(id);
    }

    /** @throws jakarta.ws.rs.NotFoundException (404) when no mailbox has the id */
    public Mailbox require(String id) {
        return find(id).orElseThrow(() -> new jakarta.ws.rs.NotFoundException("no mailbox with id " + id));
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
        return mailboxes.table();
    }

    /** The view is not loaded yet. */
    public static class RegistryUnavailableException extends UnavailableException {
        public RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
