package io.mailcellar.archive;

import io.mailcellar.event.CloudEventRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaRecordBatch;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * The messaging framework's side of the archiver: hands each Kafka poll of
 * {@code mail-events} to the {@link ArchiveSink} as one batch, sends the
 * rejected events to the dead-letter topic (a negative acknowledgement of
 * that record alone), and acknowledges the batch, which commits its offsets,
 * once every entry is done. Why batches: handed over one record at a time,
 * the framework's dispatching of each record was a large share of the
 * service's CPU in a full backup (docs/performance.md).
 *
 * <p>The framework hands over the next batch as soon as this one's bytes
 * are reserved in the {@link ByteBudget}, not once it is written: batches
 * overlap, so the writers never wait for a batch's slowest write before the
 * next begins, while the bytes being written stay within the budget. The
 * commit strategy commits an offset only once every offset before it is
 * acknowledged, whatever order the batches finish in.
 *
 * <p>The commit strategy tracks the last record of each batch, so it holds a
 * dead-lettered record's offset as processed until its partition is next
 * assigned: one number per such event.
 */
@ApplicationScoped
public class MessageArchiver {

    private static final Logger LOG = Logger.getLogger(MessageArchiver.class);
    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);

    private final ArchiveSink sink;
    private final ByteBudget inFlight;
    /** The dead letters of the last batch taken, sent once those of the batches before it are. */
    private CompletableFuture<Void> deadLettersBefore = DONE;

    @jakarta.inject.Inject
    MessageArchiver(ArchiveSink sink, ArchiverMemory memory) {
        this(sink, new ByteBudget(memory.inFlightBytes()));
    }

    MessageArchiver(ArchiveSink sink, ByteBudget inFlight) {
        this.sink = sink;
        this.inFlight = inFlight;
    }

    /** Completes once the batch's bytes are reserved; the batch is acknowledged when it is written. */
    @Incoming("mail-events")
    public CompletionStage<Void> archive(KafkaRecordBatch<String, byte[]> batch) {
        List<KafkaRecord<String, byte[]>> records = batch.getRecords();
        long bytes = ArchiverIntake.bytesOf(records.stream().mapToLong(MessageArchiver::size).sum(), records.size());
        return inFlight.reserve(bytes).thenRun(() -> write(batch, records, () -> inFlight.release(bytes))
                .whenComplete((done, failure) -> {
                    if (failure != null) {
                        // Unacknowledged, the batch's offsets are not committed: it is read again after a restart.
                        LOG.errorf("a batch of %d events from %s could not be finished (%s); it is read again after "
                                + "the next restart", records.size(), batch.getLatestOffsetRecords().keySet(),
                                failure.toString());
                    }
                }));
    }

    private static long size(KafkaRecord<String, byte[]> record) {
        return record.getPayload() == null ? 0 : record.getPayload().length;
    }

    /**
     * Writes the batch, gives its bytes back once it is written, sends its rejected events to the dead-letter
     * topic in offset order after those of the batches taken before it (batches are written side by side, the
     * dead letters keep the order of the log), and acknowledges it. Completes once it is acknowledged: never,
     * for a batch left for the next start.
     */
    private CompletableFuture<Void> write(KafkaRecordBatch<String, byte[]> batch,
                                          List<KafkaRecord<String, byte[]>> records, Runnable written) {
        List<ArchiveSink.Entry> entries = new ArrayList<>(records.size());
        List<KafkaRecord<String, byte[]>> accepted = new ArrayList<>(records.size());
        Map<KafkaRecord<String, byte[]>, RuntimeException> rejected = new ConcurrentHashMap<>();
        for (KafkaRecord<String, byte[]> record : records) {
            try {
                entries.add(entry(record));
                accepted.add(record);
            } catch (RuntimeException e) {
                // Exactly what the framework does with a record that cannot be handled: to the dead-letter topic.
                rejected.put(record, e);
            }
        }
        List<CompletableFuture<ArchiveSink.Result>> results;
        try {
            results = sink.put(entries);
        } catch (RejectedExecutionException stopping) {
            // A failed batch would go to the dead-letter topic whole; unacknowledged, it is read again after the restart.
            // Its bytes stay reserved: the stopping archiver takes no more batches once the budget is spent.
            LOG.infof("the archiver is stopping: %d events from %s are left for the next start", records.size(),
                    batch.getLatestOffsetRecords().keySet());
            return new CompletableFuture<>();
        }
        List<CompletableFuture<ArchiveSink.Result>> outcomes = new ArrayList<>(results.size());
        for (int i = 0; i < results.size(); i++) {
            KafkaRecord<String, byte[]> record = accepted.get(i);
            outcomes.add(results.get(i).whenComplete((result, failure) -> {
                if (result instanceof ArchiveSink.Rejected rejection) {
                    rejected.put(record, rejection.cause());
                }
            }));
        }
        CompletableFuture<Void> allWritten = CompletableFuture.allOf(outcomes.toArray(CompletableFuture<?>[]::new));
        allWritten.whenComplete((done, failure) -> written.run());
        CompletableFuture<Void> deadLettered;
        synchronized (this) {
            // A dead letter an earlier batch could not send is that batch's failure, not this one's.
            deadLettered = deadLettersBefore.handle((done, failure) -> null)
                    .thenCombine(allWritten, (before, all) -> null)
                    .thenCompose(ready -> sendInOrder(records, rejected));
            deadLettersBefore = deadLettered;
        }
        // A failure here is one the dead-letter topic could not take: the batch is then not acknowledged.
        return deadLettered.thenCompose(all -> batch.ack().toCompletableFuture());
    }

    /** The rejected records' negative acknowledgements, one after the other in the batch's order. */
    private static CompletableFuture<Void> sendInOrder(List<KafkaRecord<String, byte[]>> records,
                                                       Map<KafkaRecord<String, byte[]>, RuntimeException> rejected) {
        CompletableFuture<Void> sent = DONE;
        for (KafkaRecord<String, byte[]> record : records) {
            RuntimeException cause = rejected.get(record);
            if (cause != null) {
                sent = sent.thenCompose(before -> record.nack(cause).toCompletableFuture());
            }
        }
        return sent;
    }

    @SuppressWarnings("unchecked")
    private static ArchiveSink.Entry entry(KafkaRecord<String, byte[]> record) {
        ConsumerRecord<String, byte[]> consumed = record.getMetadata(IncomingKafkaRecordMetadata.class)
                .map(metadata -> (ConsumerRecord<String, byte[]>) metadata.getRecord())
                .orElseThrow(() -> new IllegalStateException("a record of mail-events came without its Kafka metadata"));
        return new ArchiveSink.Entry(
                new ArchiveSink.Position(consumed.topic(), consumed.partition(), consumed.offset()),
                eventRecord(consumed));
    }

    /** A record of {@code mail-events} as the event codec reads it. */
    static CloudEventRecord eventRecord(ConsumerRecord<String, byte[]> consumed) {
        return new CloudEventRecord(consumed.key(), headers(consumed), consumed.value());
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
