package io.mailcellar.archive;

import io.mailcellar.archive.DeadLetterTopic.DeadLetter;
import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The archiver: a sink over {@code mail-events}, taking the records of each
 * Kafka poll together. A batch's records are written by a pool of
 * {@code mailcellar.archive.concurrency} writers, several at once: writes are
 * content-addressed and idempotent, so their order does not matter. The
 * method returning acknowledges the whole batch, and offsets are committed
 * only past acknowledged batches, so a crash before an S3 write finished
 * replays the event. An event that can never be archived (unreadable, or
 * content that does not match its SHA-256) goes to the dead-letter topic
 * before its batch is acknowledged; the others of its batch are archived.
 *
 * <p>Why batches: taken one by one, each record crossed the messaging
 * framework's reactive pipeline, its event loop and its worker pool, a sixth
 * of the service's CPU in a full backup outside the compilers.
 */
@ApplicationScoped
public class MessageArchiver {

    private static final Logger LOG = Logger.getLogger(MessageArchiver.class);

    private final CloudEventCodec codec;
    private final MessageWriter writer;
    private final DeadLetterTopic deadLetters;
    private final ExecutorService writers;

    MessageArchiver(CloudEventCodec codec, MessageWriter writer, DeadLetterTopic deadLetters,
                    ArchiveSettings settings) {
        this.codec = codec;
        this.writer = writer;
        this.deadLetters = deadLetters;
        AtomicInteger count = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(settings.concurrency(), task -> {
            Thread thread = new Thread(task, "archive-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Writes under way and queued finish (a batch is acknowledged only once all its writes are done). */
    void stop(@Observes ShutdownEvent event) {
        writers.shutdown();
    }

    @Incoming("mail-events")
    @Blocking
    public void archive(ConsumerRecords<String, byte[]> records) {
        List<Future<Optional<DeadLetter>>> outcomes = new ArrayList<>(records.count());
        for (ConsumerRecord<String, byte[]> record : records) {
            outcomes.add(writers.submit(() -> archive(record)));
        }
        List<DeadLetter> dead = new ArrayList<>();
        for (Future<Optional<DeadLetter>> outcome : outcomes) {
            try {
                outcome.get().ifPresent(dead::add);
            } catch (ExecutionException e) {
                // Only an Error gets here (archive catches every exception): the batch fails, unacknowledged.
                throw new IllegalStateException("archiving a batch of " + records.count() + " events failed",
                        e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while archiving a batch: it is not acknowledged", e);
            }
        }
        try {
            deadLetters.send(dead);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing dead letters: the batch is not acknowledged",
                    e);
        }
    }

    /** Archives one event; answers it as a dead letter when it can never be archived. */
    Optional<DeadLetter> archive(ConsumerRecord<String, byte[]> record) {
        MailEvent event;
        try {
            event = codec.decode(new CloudEventRecord(record.key(), headers(record), record.value()));
        } catch (RuntimeException e) {
            LOG.errorf("mailbox %s: unreadable event at %s-%d@%d sent to the dead-letter topic: %s", record.key(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            return Optional.of(new DeadLetter(record, e));
        }
        if (event instanceof MessageAdded added) {
            try {
                writer.write(added);
            } catch (RuntimeException e) {
                LOG.errorf("mailbox %s folder %s uid %d: event at %s-%d@%d sent to the dead-letter topic: %s",
                        added.mailboxId(), added.folder(), added.uid(), record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                return Optional.of(new DeadLetter(record, e));
            }
        }
        return Optional.empty();
    }

    private static Map<String, String> headers(ConsumerRecord<String, byte[]> record) {
        Map<String, String> headers = new HashMap<>();
        for (Header header : record.headers()) {
            if (header.value() != null) {
                headers.put(header.key(), new String(header.value(), StandardCharsets.UTF_8));
            }
        }
        return headers;
    }
}
