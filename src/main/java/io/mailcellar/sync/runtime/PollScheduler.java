package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveSettings;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.check.CheckRequest;
import io.mailcellar.sync.cursor.CursorStore;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides when each mailbox this poller owns ({@link PollerGroup}) is polled:
 * at its interval after the last run; after a failure at the time the run's
 * back-off set ({@link Backoff}); on request; never twice at once in this process.
 * Runs happen on a bounded pool, so one slow server delays no other mailbox.
 */
@ApplicationScoped
public class PollScheduler {

    private static final Logger LOG = Logger.getLogger(PollScheduler.class);

    private final MailboxRegistry registry;
    private final CursorStore cursors;
    private final MailboxSync sync;
    private final SyncSettings settings;
    private final PollerGroup group;
    private final Clock clock;
    private final Map<String, Instant> nextRun = new ConcurrentHashMap<>();
    /** Mailboxes whose last run failed: their next run is a back-off's end. */
    private final Set<String> failing = ConcurrentHashMap.newKeySet();
    private final Set<String> running = ConcurrentHashMap.newKeySet();
    private final Set<String> requested = ConcurrentHashMap.newKeySet();
    /** Checks of the archive asked for and not made yet, by mailbox. */
    private final Map<String, CheckRequest> checks = new ConcurrentHashMap<>();
    private final StatusReporter statuses;
    private final Duration checkInterval;
    private final ExecutorService pool;
    private final RestoreRuns restores;
    /** How often the records of long-ended restores are looked for. */
    private static final Duration RESTORE_SWEEP = Duration.ofHours(1);
    private Instant nextRestoreSweep = Instant.MIN;
    private final PruneRuns prunes;

    PollScheduler(MailboxRegistry registry, CursorStore cursors, MailboxSync sync, SyncSettings settings,
                  PollerGroup group, Clock clock, StatusReporter statuses, ArchiveSettings archive,
                  RestoreRuns restores, PruneRuns prunes) {
        this.restores = restores;
        this.prunes = prunes;
        this.statuses = statuses;
        this.checkInterval = archive.checkInterval();
        this.clock = clock;
        this.group = group;
        this.registry = registry;
        this.cursors = cursors;
        this.sync = sync;
        this.settings = settings;
        AtomicInteger threads = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.concurrency(),
                task -> new Thread(task, "poller-" + threads.incrementAndGet()));
    }

    /**
     * A requested poll starts at once when the mailbox is idle; else right
     * after the running one. A mailbox backing off after failures waits for
     * its time unless the request is forced: asking again must not hammer a
     * server that refuses a password.
     */
    void onSyncRequested(@Observes SyncRequested request) {
        if (request.check() != null) {
            // Kept even while the mailbox backs off: the check comes with its next run, whenever that is.
            checks.merge(request.mailboxId(), request.check(), CheckRequest::and);
        }
        if (request.prune()) {
            prunes.request(request.mailboxId());
        }
        Instant retryAt = nextRun.get(request.mailboxId());
        if (!request.force() && failing.contains(request.mailboxId()) && retryAt != null
                && clock.instant().isBefore(retryAt)) {
            LOG.infof("mailbox %s: poll request left for the next try at %s (backing off; force=true skips that)",
                    request.mailboxId(), retryAt);
            return;
        }
        requested.add(request.mailboxId());
        if (!pool.isShutdown() && registry.isReady() && cursors.isReady()) {
            registry.find(request.mailboxId()).ifPresent(this::startIfRequested);
        }
    }

    @Scheduled(every = "${mailcellar.sync.tick:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        // Never ready in a process that does not poll: it reads no cursors.
        if (pool.isShutdown() || !registry.isReady() || !cursors.isReady()) {
            return;
        }
        Instant now = clock.instant();
        List<Mailbox> mailboxes = registry.all();
        Set<String> restoring = restores.waiting();
        Set<String> pruning = prunes.ready(mailboxes.stream().map(Mailbox::id).filter(group::owns)
                .collect(java.util.stream.Collectors.toSet()));
        for (Mailbox mailbox : mailboxes) {
            if (!group.owns(mailbox.id())) {
                continue;
            }
            boolean due = !now.isBefore(nextRun.getOrDefault(mailbox.id(), Instant.MIN));
            // A restore or a prune takes a poll's place, when the mailbox is not polled at that moment.
            if ((due || restoring.contains(mailbox.id()) || pruning.contains(mailbox.id()))
                    && !running.contains(mailbox.id())) {
                requested.add(mailbox.id());
            }
            startIfRequested(mailbox);
        }
        if (!now.isBefore(nextRestoreSweep)) {
            nextRestoreSweep = now.plus(RESTORE_SWEEP);
            restores.forgetEnded(group::owns);
        }
        List<String> ids = mailboxes.stream().map(Mailbox::id).toList();
        nextRun.keySet().retainAll(ids);
        failing.retainAll(ids);
    }

    private synchronized void startIfRequested(Mailbox mailbox) {
        if (!group.owns(mailbox.id()) || running.contains(mailbox.id()) || !requested.contains(mailbox.id())) {
            return;
        }
        // A disabled mailbox is not polled, but a restore of it runs; the restores are looked up only then.
        if ((!mailbox.enabled() && !restores.waiting(mailbox.id())) || !requested.remove(mailbox.id())) {
            return;
        }
        running.add(mailbox.id());
        pool.execute(() -> runOnce(mailbox));
    }

    private void runOnce(Mailbox mailbox) {
        try {
            Optional<GroupFence> fence = group.fence(mailbox.id());
            if (fence.isEmpty()) {
                return;
            }
            if (restores.runIfWaiting(mailbox, fence.get()) || prunes.runIfReady(mailbox) || !mailbox.enabled()) {
                // The poll, when due, follows at the next tick.
                return;
            }
            CheckRequest check = checks.remove(mailbox.id());
            if (check == null && checkDue(mailbox.id())) {
                check = new CheckRequest(false);
            }
            RunOutcome outcome = sync.run(mailbox, fence.get(), check);
            if (check != null && outcome.check() == null && outcome.kind() != RunOutcome.Kind.MOVED) {
                // Not made (the run failed, or the bucket did not answer): with the next run.
                checks.merge(mailbox.id(), check, CheckRequest::and);
            }
            if (outcome.kind() == RunOutcome.Kind.MOVED) {
                nextRun.remove(mailbox.id());
                failing.remove(mailbox.id());
                return;
            }
            nextRun.put(mailbox.id(), outcome.nextRun());
            if (outcome.kind() == RunOutcome.Kind.FAILURE) {
                failing.add(mailbox.id());
            } else {
                failing.remove(mailbox.id());
                prunes.wantIfDue(mailbox);
            }
        } catch (RuntimeException | Error e) {
            // Whatever went wrong, the mailbox is tried again later, not at the next tick.
            LOG.errorf(e, "mailbox %s: poll crashed", mailbox.id());
            nextRun.put(mailbox.id(), clock.instant().plus(settings.retryDelay()));
        } finally {
            running.remove(mailbox.id());
            // A request that came in during the run starts the next one now, not at the next tick.
            if (requested.contains(mailbox.id()) && !pool.isShutdown() && registry.isReady()) {
                registry.find(mailbox.id()).ifPresent(this::startIfRequested);
            }
        }
    }

    /** Whether the mailbox's last check, as its status says, is {@code check-interval} old (or never made). */
    private boolean checkDue(String mailboxId) {
        if (checkInterval.isZero() || checkInterval.isNegative()) {
            return false;
        }
        Instant last = statuses.lastCheckAt(mailboxId);
        return last == null || !clock.instant().isBefore(last.plus(checkInterval));
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }
}
