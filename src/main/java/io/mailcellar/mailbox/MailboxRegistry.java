package io.mailcellar.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.api.UnavailableException;
import io.mailcellar.kafka.CompactedTopicReader;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.Topics;
import io.mailcellar.kafka.TopicsReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The registered mailboxes. The compacted {@code mailboxes} topic is the truth;
 * every instance keeps a view of all of it, replayed at start and followed
 * afterwards. Writes go to Kafka first (acks=all) and then into the local view,
 * so a caller reads its own write at once.
 */
@ApplicationScoped
public class MailboxRegistry {

    private static final Logger LOG = Logger.getLogger(MailboxRegistry.class);

    private final ConcurrentMap<String, Mailbox> view = new ConcurrentHashMap<>();
    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;
    private final ObjectMapper json;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile CompactedTopicReader reader;

    MailboxRegistry(KafkaClients clients, Topics topics, KafkaSettings settings, ObjectMapper json) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes TopicsReady ready) {
        producer = clients.durableProducer("mailcellar-registry");
        reader = new CompactedTopicReader(clients.readerConsumer("mailcellar-registry-view"), topics.mailboxes(),
                this::apply);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        if (reader != null) {
            reader.close();
        }
        if (producer != null) {
            producer.close();
        }
    }

    /** True once the whole topic has been replayed: before that, the view may miss mailboxes. */
    public boolean isReady() {
        CompactedTopicReader current = reader;
        return current != null && current.isCaughtUp();
    }

    public Optional<Mailbox> find(String id) {
        return Optional.ofNullable(view.get(id));
    }

    /** Every mailbox, oldest registration first. */
    public List<Mailbox> all() {
        return view.values().stream()
                .sorted(Comparator.comparing(Mailbox::createdAt).thenComparing(Mailbox::id))
                .toList();
    }

    public void put(Mailbox mailbox) {
        write(mailbox.id(), toJson(mailbox));
        view.put(mailbox.id(), mailbox);
    }

    public void remove(String id) {
        write(id, null);
        view.remove(id);
    }

    private void write(String id, byte[] value) {
        KafkaProducer<String, byte[]> current = producer;
        if (current == null || !isReady()) {
            throw new RegistryUnavailableException("the mailbox registry is still loading from Kafka; retry shortly");
        }
        try {
            current.send(new ProducerRecord<>(topics.mailboxes(), id, value))
                    .get(settings.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while writing mailbox " + id, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the write of mailbox " + id, e);
        }
    }

    private void apply(String id, byte[] value) {
        if (value == null) {
            view.remove(id);
            return;
        }
        try {
            view.put(id, json.readValue(value, Mailbox.class));
        } catch (IOException e) {
            LOG.errorf("mailbox %s: unreadable registration record in %s (%s); ignored", id, topics.mailboxes(),
                    e.getClass().getSimpleName());
        }
    }

    private byte[] toJson(Mailbox mailbox) {
        try {
            return json.writeValueAsBytes(mailbox);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The view is not loaded yet. */
    public static class RegistryUnavailableException extends UnavailableException {
        public RegistryUnavailableException(String message) {
            super(message);
        }
    }
}
