package io.mailcellar.sync;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Publishes change events and returns only once Kafka acknowledged every one of them (acks=all). */
@ApplicationScoped
public class EventPublisher {

    private final CloudEventCodec codec;
    private final Topics topics;
    private final KafkaSettings settings;
    private final KafkaProducer<String, byte[]> producer;

    EventPublisher(CloudEventCodec codec, Topics topics, KafkaSettings settings, KafkaClients clients) {
        this.codec = codec;
        this.topics = topics;
        this.settings = settings;
        this.producer = clients.durableProducer("mailcellar-poller");
    }

    void stop(@Observes ShutdownEvent event) {
        producer.close();
    }

    public void publishAll(List<? extends MailEvent> events) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (MailEvent event : events) {
            CloudEventRecord encoded = codec.encode(event);
            ProducerRecord<String, byte[]> record =
                    new ProducerRecord<>(topics.mailEvents(), encoded.key(), encoded.data());
            encoded.headers().forEach((name, value) -> record.headers().add(name, value.getBytes(StandardCharsets.UTF_8)));
            acks.add(producer.send(record));
        }
        long deadline = System.nanoTime() + settings.apiTimeout().toNanos() + TimeUnit.SECONDS.toNanos(events.size() / 100);
        try {
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while publishing events", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge the events: " + e, e);
        }
    }
}
