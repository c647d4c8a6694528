package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The archiver: a sink task over {@code mail-events}. It takes the records of
 * each poll as one batch and archives them on its own pool of
 * {@code mailcellar.archive.concurrency} writer threads, several at once:
 * writes are content-addressed and idempotent, so their order does not
 * matter. Why batches: handed over one record at a time, the messaging
 * framework's dispatching of each record to a worker and back cost about a
 * tenth of the service's CPU in a full backup.
 *
 * <p>The batch is acknowledged once every record in it is archived or in the
 * dead-letter topic, and only then are its offsets committed, so a crash
 * before an S3 write finished replays the event. An event that can never be
 * archived (unreadable, or content that does not match its SHA-256) is
 * negatively acknowledged on its own, which sends it to the dead-letter topic
 * and leaves the rest of its batch alone. (The commit strategy then holds that
 * record's offset as processed until its partition is next assigned, one
 * number per such event, as it only tracks the last record of each batch.)
 * S3 outages never get that far: the writer retries until the store is back.
 */
@ApplicationScoped
public class MessageArchiver {

    private static final Logger LOG = Logger.getLogger(MessageArchiver.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final CloudEventCodec codec;
    private final MessageWriter writer;
    private final ExecutorService writers;

    MessageArchiver(CloudEventCodec codec, MessageWriter writer, ArchiveSettings settings) {
        this.codec = codec;
        this.writer = writer;
        this.writers = Executors.newFixedThreadPool(settings.concurrency(), new WriterThreads());
    }

    @Incoming("mail-events")
    public CompletionStage<Void> archive(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        CompletableFuture<?>[] archived = new CompletableFuture<?>[records.size()];
        try {
            for (int i = 0; i < archived.length; i++) {
                KafkaRecord<String, byte[]> record = records.get(i);
                archived[i] = CompletableFuture.supplyAsync(() -> archiveOrDeadLetter(record), writers)
                        .thenCompose(Function.identity());
            }
        } catch (RejectedExecutionException stopping) {
            // A failed batch would go to the dead-letter topic whole; unacknowledged, it is read again after the restart.
            LOG.infof("the archiver is stopping: %d events from %s are left for the next start", records.size(),
                    batch.getLatestOffsetRecords().keySet());
            return new CompletableFuture<>();
        }
        // A failure here is one the dead-letter topic could not take: the framework then fails the whole batch.
        return CompletableFuture.allOf(archived).thenCompose(all -> batch.ack());
    }

    private CompletionStage<Void> archiveOrDeadLetter(KafkaRecord<String, byte[]> record) {
        try {
            archiveEvent(consumerRecord(record));
            return DONE;
        } catch (RuntimeException e) {
            // Exactly what the framework did with an exception of a record handed over on its own.
            return record.nack(e);
        }
    }

    @SuppressWarnings("unchecked")
    private static ConsumerRecord<String, byte[]> consumerRecord(KafkaRecord<String, byte[]> record) {
        return record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, byte[]>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a record of mail-events came without its Kafka metadata"));
    }

    /** Archives one event; throws for one that can never be archived. */
    private void archiveEvent(ConsumerRecord<String, byte[]> record) {
        MailEvent event;
        try {
            event = codec.decode(new CloudEventRecord(record.key(), headers(record), record.value()));
        } catch (MalformedEventException e) {
            LOG.errorf("mailbox %s: unreadable event at %s-%d@%d sent to the dead-letter topic: %s", record.key(),
                    record.topic(), record.partition(), record.offset(), e.getMessage());
            throw e;
        }
        if (event instanceof MessageAdded added) {
            try {
                writer.write(added);
            } catch (CorruptEventException e) {
                LOG.errorf("mailbox %s folder %s uid %d: event at %s-%d@%d sent to the dead-letter topic: %s",
                        added.mailboxId(), added.folder(), added.uid(), record.topic(), record.partition(),
                        record.offset(), e.getMessage());
                throw e;
            }
        }
    }

    /**
     * Stops taking new writes. Writes under way are not interrupted: an interrupted write would fail and send its
     * event to the dead-letter topic, while one cut off by the process's end is replayed from the last commit.
     */
    @PreDestroy
    void stop() {
        writers.shutdown();
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

    /** Daemon threads, so that writes waiting for an absent store never hold the process up at its end. */
    private static final class WriterThreads implements ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "archive-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
