package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;
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
        send(new SyncRequest(mailboxId, clock.instant(), force, null, false));
    }

    /**
     * Asks the mailbox's poller to prune its archive: after a poll (which this request starts when the mailbox is
     * idle), once the archivers stored that poll's changes.
     */
    public void requestPrune(String mailboxId) {
        send(new SyncRequest(mailboxId, clock.instant(), false, null, true));
    }

    /**
     * Asks the mailbox's poller to check its archive at its next run (which this request starts when the mailbox
     * is idle); {@code readData} also reads and hashes every object.
     */
    public void requestCheck(String mailboxId, boolean readData) {
        send(new SyncRequest(mailboxId, clock.instant(), false, new Check(readData), false));
    }

    private void send(SyncRequest request) {
        String mailboxId = request.mailboxId();
        try {
            byte[] value = json.writeValueAsBytes(request);
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
    public record SyncRequest(String mailboxId, Instant requestedAt, boolean force,
                              @JsonInclude(JsonInclude.Include.NON_NULL) Check check,
                              @JsonInclude(JsonInclude.Include.NON_DEFAULT) boolean prune) {

        public SyncRequest(String mailboxId, Instant requestedAt, boolean force) {
            this(mailboxId, requestedAt, force, null, false);
        }
    }

    /** A check of the archive asked along with the poll. */
    public record Check(boolean readData) {
    }

    void close(@Observes ShutdownEvent event) {
        producer.close();
    }
}
