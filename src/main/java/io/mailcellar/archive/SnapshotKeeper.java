package io.mailcellar.archive;

import io.mailcellar.app.LogText;
import io.mailcellar.archive.snapshot.MailboxTree;
import io.mailcellar.archive.snapshot.MessageHeader;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotDraft;
import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.SyncCompleted;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * Keeps each mailbox's tree as its change events arrive, and commits a
 * snapshot at the end of every sync run that changed something
 * ({@code sync.completed}). Events are written side by side, but each
 * mailbox's are applied to its tree one after the other in the order of the
 * log, each once its message is stored; so by the time a run's
 * {@code sync.completed} is applied, every message the snapshot names is in
 * the bucket (restic's order: bodies, trees, snapshot).
 *
 * <p>A {@code sync.completed} is done, and its offset may be committed, only
 * once its snapshot is stored. The events before it are committed as soon as
 * their bodies are stored, so a restarted archiver may have handled events
 * that no snapshot holds: on a mailbox's first event it loads the newest
 * snapshot and reads those events again from Kafka ({@link EventCatchUp}).
 * Events the snapshot already covers are skipped.
 */
@ApplicationScoped
public class SnapshotKeeper {

    private static final Logger LOG = Logger.getLogger(SnapshotKeeper.class);

    /** What the sink made of one event: its result, and, when it could be read, the event and its header. */
    public record Observed(ArchiveSink.Result result, MailEvent event, MessageHeader header, Instant time) {

        static Observed unreadable(ArchiveSink.Result result) {
            return new Observed(result, null, MessageHeader.NONE, null);
        }
    }

    private final SnapshotBook book;
    private final EventCatchUp catchUp;
    private final CloudEventCodec codec;
    private final boolean enabled;
    private final ExecutorService pool;
    private final Map<String, MailboxChain> chains = new HashMap<>();
    private final Counter runsCommitted;
    private final Counter runsUnchanged;

    private final Consumer<ArchiveState> states;

    @Inject
    SnapshotKeeper(SnapshotBook book, EventCatchUp catchUp, CloudEventCodec codec, ArchiveSettings settings,
                   MeterRegistry meters, ArchiveStateBoard states) {
        this(book, catchUp, codec, settings, meters, states::report);
    }

    SnapshotKeeper(SnapshotBook book, EventCatchUp catchUp, CloudEventCodec codec, ArchiveSettings settings,
                   MeterRegistry meters, Consumer<ArchiveState> states) {
        this.states = states;
        this.book = book;
        this.runsCommitted = meters.counter("mailcellar.archive.runs.handled", "snapshot", "committed");
        this.runsUnchanged = meters.counter("mailcellar.archive.runs.handled", "snapshot", "unchanged");
        this.catchUp = catchUp;
        this.codec = codec;
        this.enabled = settings.snapshots();
        this.pool = Executors.newFixedThreadPool(4, new SnapshotThreads());
    }

    /**
     * Follows one event, in the order of the log: its result completes once the sink is done with it and, for a
     * {@code sync.completed}, once its snapshot is stored.
     */
    public CompletableFuture<ArchiveSink.Result> follow(ArchiveSink.Position position, String mailboxId,
                                                        CompletableFuture<Observed> observed) {
        if (mailboxId == null) {
            return observed.thenApply(Observed::result);
        }
        if (!enabled) {
            // Without snapshots a run is archived once its messages are: said so, so the status does not wait.
            return observed.thenApply(seen -> {
                if (seen.event() instanceof SyncCompleted completed) {
                    states.accept(new ArchiveState(ArchiveState.FORMAT, mailboxId, null, completed.started(),
                            Instant.now(), null, null, null));
                }
                return seen.result();
            });
        }
        MailboxChain chain;
        synchronized (chains) {
            chain = chains.computeIfAbsent(mailboxId, MailboxChain::new);
        }
        return chain.then(position, observed);
    }

    /** Whether snapshots are kept ({@code mailcellar.archive.snapshots}). */
    public boolean enabled() {
        return enabled;
    }

    @PreDestroy
    void stop() {
        pool.shutdown();
    }

    /** One mailbox: its tree, its last snapshot, and the events waiting their turn. */
    private final class MailboxChain {
        private final String mailboxId;
        private MailboxTree tree;
        private Snapshot last;
        /** Why its snapshots may miss messages, found while reading its events again; reported with each run. */
        private ArchiveState.Gap gap;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        MailboxChain(String mailboxId) {
            this.mailboxId = mailboxId;
        }

        synchronized CompletableFuture<ArchiveSink.Result> then(ArchiveSink.Position position,
                                                               CompletableFuture<Observed> observed) {
            CompletableFuture<ArchiveSink.Result> done = tail.thenCombine(observed, (before, seen) -> seen)
                    .thenCompose(seen -> apply(position, seen));
            tail = done.handle((result, failure) -> {
                if (failure != null) {
                    // The event is not acknowledged and is read again after a restart; the tree is read again now.
                    LOG.errorf("mailbox %s: the event at %s could not be added to its snapshot (%s); the tree is "
                            + "read again from the bucket", mailboxId, position, failure.toString());
                    tree = null;
                }
                return null;
            });
            return done;
        }

        private CompletableFuture<ArchiveSink.Result> apply(ArchiveSink.Position position, Observed seen) {
            if (seen.event() == null || seen.result() instanceof ArchiveSink.Rejected) {
                return CompletableFuture.completedFuture(seen.result());
            }
            if (tree == null || seen.event() instanceof SyncCompleted) {
                return CompletableFuture.supplyAsync(() -> {
                    if (tree == null) {
                        load(position);
                    }
                    applyLoaded(position, seen);
                    return seen.result();
                }, pool);
            }
            applyLoaded(position, seen);
            return CompletableFuture.completedFuture(seen.result());
        }

        private void applyLoaded(ArchiveSink.Position position, Observed seen) {
            if (covered(position)) {
                return;
            }
            if (seen.event() instanceof SyncCompleted completed) {
                commit(position, completed);
            } else {
                tree.apply(seen.event(), seen.header(), seen.time());
            }
        }

        /** Whether the last snapshot holds the event already (read again after a restart). */
        private boolean covered(ArchiveSink.Position position) {
            return last != null && last.covers() != null && last.covers().topic().equals(position.topic())
                    && last.covers().partition() == position.partition() && position.offset() <= last.covers().offset();
        }

        /** The newest snapshot's tree, and the events handled since that it does not hold. */
        private void load(ArchiveSink.Position first) {
            last = book.latestId(mailboxId).map(id -> book.snapshot(mailboxId, id)).orElse(null);
            tree = last == null ? new MailboxTree() : book.tree(mailboxId, last);
            EventCatchUp.Start start = start(first);
            if (start == null) {
                return;
            }
            EventCatchUp.Result result = catchUp.replay(first.topic(), first.partition(), mailboxId, start,
                    first.offset(), this::replay);
            if (result.startRemoved()) {
                LOG.warnf("mailbox %s: some of its events were removed by Kafka's retention before a snapshot held "
                        + "them; a check of the mailbox finds and repairs what its snapshot misses", mailboxId);
                gap = new ArchiveState.Gap("some of its changes were deleted by Kafka "
                        + "(mailcellar.kafka.mail-events-retention) before an archiver stored them", Instant.now());
            }
            if (result.events() > 0) {
                LOG.infof("mailbox %s: %d events handled before this archiver started were read again for its "
                        + "next snapshot", mailboxId, result.events());
            }
        }

        /** Where the events no snapshot holds begin, or null when there are none to read. */
        private EventCatchUp.Start start(ArchiveSink.Position first) {
            if (last != null && last.covers() != null && last.covers().topic().equals(first.topic())
                    && last.covers().partition() == first.partition()) {
                return last.covers().offset() + 1 < first.offset()
                        ? new EventCatchUp.AfterOffset(last.covers().offset()) : null;
            }
            // No snapshot (or one from another partition layout): the mailbox's events start at its registration.
            Optional<Instant> registered = book.registeredAt(mailboxId);
            return registered.map(time -> new EventCatchUp.AtTime(time.minus(1, ChronoUnit.MINUTES)))
                    .orElse(null);
        }

        private void replay(ConsumerRecord<String, byte[]> record) {
            MailEvent event;
            try {
                event = codec.decode(MessageArchiver.eventRecord(record));
            } catch (MalformedEventException e) {
                return; // it went to the dead-letter topic when it was first read
            }
            if (event instanceof SyncCompleted) {
                return; // a run whose snapshot is missing: the next one holds its changes
            }
            MessageHeader header = MessageHeader.NONE;
            if (event instanceof MessageAdded added) {
                if (!book.stored(added)) {
                    LOG.warnf("mailbox %s folder %s: a message handled before this archiver started is not in the "
                            + "bucket; a check of the mailbox repairs it", mailboxId, LogText.of(added.folder()));
                    gap = new ArchiveState.Gap("a message an archiver handled before it restarted is not in the "
                            + "bucket", Instant.now());
                    return;
                }
                header = book.header(added);
            }
            tree.apply(event, header, Instant.ofEpochMilli(record.timestamp()));
        }

        /** Tells the API the run is done with: the newest snapshot holds it. */
        private void report(SyncCompleted completed) {
            Snapshot.Counts counts = last.counts();
            states.accept(new ArchiveState(ArchiveState.FORMAT, mailboxId, new ArchiveState.LastSnapshot(last.id(),
                    last.time(), last.partial(), counts.folders(), counts.messages(), counts.bytes()),
                    completed.started(), Instant.now(), null, null, gap));
        }

        private void commit(ArchiveSink.Position position, SyncCompleted completed) {
            // The folders as the server knows them now (names as it spells them, HIGHESTMODSEQ).
            tree.apply(completed, MessageHeader.NONE, completed.ended());
            if (last != null && !tree.changed()) {
                LOG.debugf("mailbox %s: the run changed nothing; snapshot %s is current", mailboxId, last.id());
                runsUnchanged.increment();
                report(completed);
                return;
            }
            String newest = book.latestId(mailboxId).orElse(null);
            if (newest != null && (last == null || !newest.equals(last.id()))) {
                // Another archiver wrote one meanwhile (the partition moved and came back): start from it.
                LOG.infof("mailbox %s: snapshot %s was written by another archiver; its tree is read again",
                        mailboxId, newest);
                load(position);
                if (covered(position)) {
                    return;
                }
                tree.apply(completed, MessageHeader.NONE, completed.ended());
            }
            Instant time = completed.ended().truncatedTo(ChronoUnit.MILLIS);
            if (last != null && !time.isAfter(last.time())) {
                time = last.time().plusMillis(1);
            }
            SnapshotDraft draft = SnapshotDraft.of(tree, mailboxId, time, last == null ? null : last.id(),
                    !"success".equals(completed.outcome()),
                    new Snapshot.Run(completed.started(), completed.ended(), completed.outcome()),
                    new Snapshot.Covers(position.topic(), position.partition(), position.offset()));
            book.store(mailboxId, draft);
            draft.committed();
            last = draft.snapshot();
            runsCommitted.increment();
            report(completed);
            LOG.infof("mailbox %s: snapshot %s committed (%d folders, %d messages, %d new tree pages)", mailboxId,
                    last.id(), last.counts().folders(), last.counts().messages(), draft.newPages().size());
        }
    }

    /** Daemon threads: a snapshot waiting for an absent store never holds the process up at its end. */
    private static final class SnapshotThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "snapshot-writer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
