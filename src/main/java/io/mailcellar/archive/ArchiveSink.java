package io.mailcellar.archive;

import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.app.LogText;
import io.mailcellar.archive.snapshot.MessageHeader;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The archiver's task, in the manner of a Kafka Connect sink task, free of
 * the messaging framework: {@link #put} takes a batch of change events and
 * writes their messages on its own pool of {@code mailcellar.archive.concurrency}
 * writer threads, several at once (writes are content-addressed and
 * idempotent, so their order does not matter).
 *
 * <p>What may be committed: each entry's future completes once the entry is
 * done for good, {@link Archived} (its bytes are in the store, or the event
 * carries none) or {@link Rejected} (it can never be archived: unreadable, or
 * content that does not match its SHA-256). A batch's offsets may be committed
 * once every entry is done and the rejected ones are in the dead-letter topic.
 * An S3 outage never completes an entry: the writer retries until the store
 * is back, so a crash meanwhile replays the batch from the last commit.
 * {@link #stop} (another thread) takes no new batch; writes under way finish.
 */
@ApplicationScoped
public class ArchiveSink {

    private static final Logger LOG = Logger.getLogger(ArchiveSink.class);

    /** Where an event was read: for the log, and for the caller to match results to its records. */
    public record Position(String topic, int partition, long offset) {
        @Override
        public String toString() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    /** One event of a batch. */
    public record Entry(Position position, CloudEventRecord record) {
    }

    /** How an entry ended. */
    public sealed interface Result permits Archived, Rejected {
        Position position();
    }

    /** Archived, or nothing to archive: may be committed. */
    public record Archived(Position position) implements Result {
    }

    /** Can never be archived: to the dead-letter topic, then may be committed. */
    public record Rejected(Position position, RuntimeException cause) implements Result {
    }

    private final CloudEventCodec codec;
    private final MessageWriter writer;
    private final ExecutorService writers;
    private final ArchiveProgress progress;
    private final SnapshotKeeper snapshots;
    private final SnapshotBook book;
    private final DeadLetterMarks deadLetters;

    /** Where a mailbox is marked as having an event in the dead-letter topic, for its status. */
    @FunctionalInterface
    public interface DeadLetterMarks {
        void deadLettered(String mailboxId, String reason);
    }

    @Inject
    ArchiveSink(CloudEventCodec codec, MessageWriter writer, ArchiveSettings settings, ArchiveProgress progress,
                SnapshotKeeper snapshots, SnapshotBook book, ArchiveStateBoard board) {
        this(codec, writer, settings, progress, snapshots, book,
                (mailboxId, reason) -> board.deadLettered(mailboxId, reason, Instant.now()));
    }

    ArchiveSink(CloudEventCodec codec, MessageWriter writer, ArchiveSettings settings, ArchiveProgress progress,
                SnapshotKeeper snapshots, SnapshotBook book, DeadLetterMarks deadLetters) {
        this.deadLetters = deadLetters;
        this.codec = codec;
        this.writer = writer;
        this.progress = progress;
        this.snapshots = snapshots;
        this.book = book;
        this.writers = Executors.newFixedThreadPool(settings.concurrency(), new WriterThreads());
    }

    /**
     * Starts writing every entry and returns one future per entry, in order.
     *
     * @throws RejectedExecutionException when the sink is stopping: nothing of the batch was started
     */
    public List<CompletableFuture<Result>> put(List<Entry> entries) {
        if (writers.isShutdown()) {
            throw new RejectedExecutionException("the archiver is stopping");
        }
        List<CompletableFuture<Result>> results = new ArrayList<>(entries.size());
        for (Entry entry : entries) {
            CompletableFuture<SnapshotKeeper.Observed> observed = CompletableFuture.supplyAsync(() -> archive(entry),
                    writers);
            results.add(snapshots.follow(entry.position(), entry.record().key(), observed));
        }
        return results;
    }

    private SnapshotKeeper.Observed archive(Entry entry) {
        MailEvent event;
        try {
            event = codec.decode(entry.record());
        } catch (MalformedEventException e) {
            LOG.errorf("mailbox %s: unreadable event at %s sent to the dead-letter topic: %s",
                    LogText.of(entry.record().key()), entry.position(), e.getMessage());
            progress.deadLettered(String.valueOf(entry.record().key()));
            if (entry.record().key() != null) {
                deadLetters.deadLettered(entry.record().key(), "an unreadable event: " + e.getMessage());
            }
            return SnapshotKeeper.Observed.unreadable(new Rejected(entry.position(), e));
        }
        Instant time = eventTime(entry);
        MessageHeader header = MessageHeader.NONE;
        if (event instanceof MessageAdded added) {
            progress.taken(entry.position(), added, time);
            try {
                writer.write(added);
                header = snapshots.enabled() ? book.header(added) : MessageHeader.NONE;
            } catch (CorruptEventException e) {
                LOG.errorf("mailbox %s folder %s uid %d: event at %s sent to the dead-letter topic: %s",
                        added.mailboxId(), LogText.of(added.folder()), added.uid(), entry.position(), e.getMessage());
                progress.deadLettered(added.mailboxId());
                deadLetters.deadLettered(added.mailboxId(), "folder " + LogText.of(added.folder()) + " uid "
                        + added.uid() + ": " + e.getMessage());
                return new SnapshotKeeper.Observed(new Rejected(entry.position(), e), event, header, time);
            } finally {
                progress.done(entry.position());
            }
        }
        return new SnapshotKeeper.Observed(new Archived(entry.position()), event, header, time);
    }

    /** When the poller made the event; now, for an event that does not say, or not as a time. */
    private Instant eventTime(Entry entry) {
        try {
            Instant time = codec.time(entry.record());
            return time != null ? time : Instant.now();
        } catch (MalformedEventException e) {
            // Only the lag metric uses it: the event is archived all the same.
            LOG.debugf("event at %s: %s; its lag counts from now", entry.position(), e.getMessage());
            return Instant.now();
        }
    }

    /**
     * Stops taking new batches. Writes under way are not interrupted: an interrupted write would fail and send its
     * event to the dead-letter topic, while one cut off by the process's end is replayed from the last commit.
     */
    @PreDestroy
    public void stop() {
        writers.shutdown();
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
