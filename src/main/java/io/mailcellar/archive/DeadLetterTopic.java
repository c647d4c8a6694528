package io.mailcellar.archive;

import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

/**
 * {@code mail-events.dlq}: events that can never be archived, each with its
 * key, value and headers as they were, and headers saying why and where it
 * came from (the names SmallRye's dead-letter queue uses, which earlier
 * builds wrote).
 *
 * <p>{@link #send} returns only once Kafka has every record: the archiver
 * commits past an event only after that, so a crash cannot lose one. While
 * Kafka refuses, it tries again with a growing pause, as the archive's writes
 * do while S3 is out.
 */
@ApplicationScoped
public class DeadLetterTopic {

    private static final Logger LOG = Logger.getLogger(DeadLetterTopic.class);
    static final String REASON = "dead-letter-reason";
    static final String EXCEPTION_CLASS = "dead-letter-exception-class-name";
    static final String CAUSE = "dead-letter-cause";
    static final String CAUSE_CLASS = "dead-letter-cause-class-name";
    static final String TOPIC = "dead-letter-topic";
    static final String PARTITION = "dead-letter-partition";
    static final String OFFSET = "dead-letter-offset";
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(1);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(60);

    /** An event that cannot be archived, and why. */
    public record DeadLetter(ConsumerRecord<String, byte[]> event, RuntimeException reason) {
    }

    private final KafkaClients clients;
    private final Topics topics;
    private KafkaProducer<String, byte[]> producer;

    DeadLetterTopic(KafkaClients clients, Topics topics) {
        this.clients = clients;
        this.topics = topics;
    }

    /** Writes the dead letters to the topic and waits until Kafka has them all. */
    public void send(List<DeadLetter> letters) throws InterruptedException {
        if (letters.isEmpty()) {
            return;
        }
        List<DeadLetter> pending = letters;
        Duration pause = FIRST_PAUSE;
        while (true) {
            pending = sendOnce(pending);
            if (pending.isEmpty()) {
                return;
            }
            Thread.sleep(pause.toMillis());
            pause = pause.multipliedBy(2).compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : pause.multipliedBy(2);
        }
    }

    /** Sends the letters together and answers those Kafka did not take. */
    private List<DeadLetter> sendOnce(List<DeadLetter> letters) throws InterruptedException {
        KafkaProducer<String, byte[]> sender = producer();
        List<Future<?>> sent = new ArrayList<>(letters.size());
        for (DeadLetter letter : letters) {
            sent.add(sender.send(record(letter)));
        }
        List<DeadLetter> failed = new ArrayList<>();
        for (int i = 0; i < letters.size(); i++) {
            try {
                sent.get(i).get();
            } catch (ExecutionException e) {
                ConsumerRecord<String, byte[]> event = letters.get(i).event();
                LOG.warnf("mailbox %s: the event at %s-%d@%d could not be written to %s, will retry: %s", event.key(),
                        event.topic(), event.partition(), event.offset(), topics.mailEventsDlq(), e.getCause());
                failed.add(letters.get(i));
            }
        }
        return failed;
    }

    private ProducerRecord<String, byte[]> record(DeadLetter letter) {
        ConsumerRecord<String, byte[]> event = letter.event();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topics.mailEventsDlq(), event.key(),
                event.value());
        for (Header header : event.headers()) {
            record.headers().add(header);
        }
        RuntimeException reason = letter.reason();
        header(record, EXCEPTION_CLASS, reason.getClass().getName());
        header(record, REASON, String.valueOf(reason.getMessage()));
        if (reason.getCause() != null) {
            header(record, CAUSE_CLASS, reason.getCause().getClass().getName());
            header(record, CAUSE, String.valueOf(reason.getCause().getMessage()));
        }
        header(record, TOPIC, event.topic());
        header(record, PARTITION, Integer.toString(event.partition()));
        header(record, OFFSET, Long.toString(event.offset()));
        return record;
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    /** Made at the first dead letter: most archivers never have one. */
    private synchronized KafkaProducer<String, byte[]> producer() {
        if (producer == null) {
            producer = clients.durableProducer("mailcellar-dead-letters");
        }
        return producer;
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (producer != null) {
            producer.close();
        }
    }
}
