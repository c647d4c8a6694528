package io.mailcellar.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The pollers' cursors, kept in the compacted {@code sync-state} topic and
 * replayed at start. A cursor is saved only after the events it covers were
 * acknowledged, so a crash in between re-publishes (same event ids) rather
 * than skips.
 */
@ApplicationScoped
public class CursorStore {

    private static final Logger LOG = Logger.getLogger(CursorStore.class);

    private final ConcurrentMap<String, SyncCursor> cursors = new ConcurrentHashMap<>();
    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;
    private final ObjectMapper json;
    private volatile KafkaProducer<String, byte[]> producer;
    private volatile CompactedTopicReader reader;

    CursorStore(KafkaClients clients, Topics topics, KafkaSettings settings, ObjectMapper json) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes TopicsReady ready) {
        producer = clients.durableProducer("mailcellar-cursors");
        reader = new CompactedTopicReader(clients.readerConsumer("mailcellar-cursors-view"), topics.syncState(),
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

    public boolean isReady() {
        CompactedTopicReader current = reader;
        return current != null && current.isCaughtUp();
    }

    public SyncCursor get(String mailboxId) {
        return cursors.getOrDefault(mailboxId, SyncCursor.empty(mailboxId));
    }

    public void save(SyncCursor cursor) {
        byte[] value;
        try {
            value = json.writeValueAsBytes(cursor);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            producer.send(new ProducerRecord<>(topics.syncState(), cursor.mailboxId(), value))
                    .get(settings.apiTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while saving the cursor of " + cursor.mailboxId(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the cursor of " + cursor.mailboxId(), e);
        }
        cursors.put(cursor.mailboxId(), cursor);
    }

    private void apply(String mailboxId, byte[] value) {
        if (value == null) {
            cursors.remove(mailboxId);
            return;
        }
        try {
            cursors.put(mailboxId, json.readValue(value, SyncCursor.class));
        } catch (IOException e) {
            LOG.errorf("mailbox %s: unreadable cursor in %s (%s); it will be polled from the start",
                    mailboxId, topics.syncState(), e.getClass().getSimpleName());
        }
    }
}
