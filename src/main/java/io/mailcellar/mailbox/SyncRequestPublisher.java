package io.mailcellar.mailbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.Acks;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

import java.time.Clock;
import java.time.Instant;

/**
 * Asks for a poll now by writing to the sync-requests topic, keyed by mailbox
 * id: the poller that owns the key's partition picks it up, in this process or
 * in another one (the API and the pollers may run apart).
 */
@ApplicationScoped
public class SyncRequestPublisher {

    private final Topics topics;
    private final KafkaSettings settings;
    private final Clock clock;
    private final ObjectMapper json;
    private final KafkaProducer<String, byte[]> producer;

    SyncRequestPublisher(Topics topics, KafkaSettings settings, KafkaClients clients, Clock clock) {
        this.json = StoredJson.mapper();
        this.topics = topics;
        this.settings = settings;
        this.clock = clock;
        // Connects on the first send only; the bean itself is made when the API first needs it.
        this.producer = clients.durableProducer("mailcellar-sync-requests");
    }

    /** Returns once Kafka has acknowledged the request; {@code force} asks to skip a back-off after failures. */
    public void request(String mailboxId, boolean force) {
        try {
            byte[] value = json.writeValueAsBytes(new SyncRequest(mailboxId, clock.instant(), force));
            Acks.await(producer.send(new ProducerRecord<>(topics.syncRequests(), mailboxId, value)),
                    Acks.deadline(settings.apiTimeout()), "the poll request for mailbox " + mailboxId);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a poll request as JSON", e);
        }
    }

    /**
     * The record's value; the key is the mailbox id too, which picks the
     * partition. Read leniently: a record without {@code force} is not forced.
     */
    public record SyncRequest(String mailboxId, Instant requestedAt, boolean force) {
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
