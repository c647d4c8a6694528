package io.mailcellar.sync.runtime;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.Acks;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;

/**
 * Publishes change events. A run hands events over as it reads them
 * ({@link #send}) and waits for Kafka's acknowledgements (acks=all) only
 * before it saves a cursor ({@link #awaitAcks}), so reading the mail server,
 * sending to Kafka and archiving overlap.
 */
@ApplicationScoped
public class EventPublisher {

    /**
     * The producer's batch size. A mailbox's events all go to one partition,
     * and Kafka sends one batch per partition per request with at most five
     * requests in flight: at the default 16 KB a typical message is a request
     * of its own, and a burst of new mail waits for round trips. 512 KB stays
     * under the broker's default limit of about 1 MB per record batch.
     */
    private static final int BATCH_BYTES = 512 * 1024;
    /** Events are sent as messages arrive and waited for at a batch's end: a short linger lets them share requests. */
    private static final int LINGER_MS = 5;

    private final CloudEventCodec codec;
    private final Topics topics;
    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;
    /** Each mailbox's last event Kafka acknowledged from this process. */
    private final Map<String, Published> lastPublished = new ConcurrentHashMap<>();

    /** An event Kafka acknowledged: where it is, and whether it ended a run ({@code sync.completed}). */
    record Published(int partition, long offset, boolean endsRun) {
    }

    EventPublisher(CloudEventCodec codec, Topics topics, KafkaSettings settings, KafkaClients clients) {
        this.codec = codec;
        this.topics = topics;
        this.settings = settings;
        this.producer = clients.durableProducer("mailcellar-poller", Map.of(ProducerConfig.BATCH_SIZE_CONFIG,
                BATCH_BYTES, ProducerConfig.LINGER_MS_CONFIG, LINGER_MS));
    }

    void stop(@Observes ShutdownEvent event) {
        producer.close();
    }

    /** Publishes the events and returns once Kafka acknowledged every one of them. */
    public void publishAll(List<? extends MailEvent> events) {
        awaitAcks(send(events));
    }

    /** Hands the events to the producer, in order, without waiting; returns their acknowledgements. */
    List<Future<RecordMetadata>> send(List<? extends MailEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (MailEvent event : events) {
            boolean endsRun = event instanceof SyncCompleted;
            acks.add(producer.send(codec.encode(event).toProducerRecord(topics.mailEvents()), (metadata, failure) -> {
                if (failure == null) {
                    lastPublished.merge(event.mailboxId(), new Published(metadata.partition(), metadata.offset(),
                            endsRun), (old, now) -> now.offset() >= old.offset() ? now : old);
                }
            }));
        }
        return acks;
    }

    /** The mailbox's last event Kafka acknowledged from this process, or empty when there was none. */
    Optional<Published> lastPublished(String mailboxId) {
        return Optional.ofNullable(lastPublished.get(mailboxId));
    }

    /** Waits until Kafka acknowledged every one of them; fails on the first it refused or did not answer in time. */
    void awaitAcks(List<Future<RecordMetadata>> acks) {
        // A second more for each hundred events, so that a large batch on a slow broker is not failed early.
        long deadline = Acks.deadline(settings.apiTimeout().plusSeconds(acks.size() / 100));
        for (Future<RecordMetadata> ack : acks) {
            Acks.await(ack, deadline, acks.size() + " change events");
        }
    }
}
