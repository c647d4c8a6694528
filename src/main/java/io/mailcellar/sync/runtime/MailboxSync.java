package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveLostException;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.FencedWriteException;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.sync.RunConnections;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.TransferSample;
import io.mailcellar.sync.MailboxTask;
import io.mailcellar.sync.check.ArchiveChecker;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.check.CheckRequest;
import io.mailcellar.sync.cursor.CursorNotHeldException;
import io.mailcellar.sync.cursor.CursorStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * One poll of one mailbox, start to end: runs the protocol's
 * {@link MailboxTask} over a fresh {@link SyncSession}, then publishes the
 * run's {@code sync.completed} summary and status. Failures are reported,
 * never thrown: the scheduler tries again later.
 */
@ApplicationScoped
public class MailboxSync {

    private static final Logger LOG = Logger.getLogger(MailboxSync.class);
    /**
     * When a mailbox whose sign-in the provider refused for good is tried
     * again: not before a change in place (which polls at once) or a restart.
     */
    private static final java.time.Duration NOT_UNTIL_CHANGED = java.time.Duration.ofDays(3650);

    private final Map<Protocol, MailboxTask> tasks = new EnumMap<>(Protocol.class);
    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    private final MeterRegistry meters;
    private final StatusReporter status;
    private final Clock clock;
    private final Backoff backoff;
    private final RunConnections connections;
    private final ObjectStore archive;
    private final ManifestWriter manifests;
    private final ArchiveChecker checker;
    private final Duration maxRunDuration;
    private final TransferFloor transferFloor;
    /** A run is reported as running once it has lasted this long: ten seconds, or half its deadline if shorter. */
    private final Duration runningAfter;
    /** Publishes "running" statuses, apart from the watchdog, which must cut runs on time. */
    private final ScheduledExecutorService runningStatus = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "run-status");
        thread.setDaemon(true);
        return thread;
    });
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "run-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    MailboxSync(Instance<MailboxTask> tasks, EventPublisher publisher, CursorStore cursors, MessageContents contents,
                MeterRegistry meters, StatusReporter status, Clock clock, SyncSettings settings,
                RunConnections connections, ObjectStore archive, ManifestWriter manifests, ArchiveChecker checker) {
        this.checker = checker;
        this.connections = connections;
        this.archive = archive;
        this.manifests = manifests;
        this.maxRunDuration = settings.maxRunDuration();
        this.transferFloor = new TransferFloor(settings.minTransferRate().asLongValue(), settings.transferWindow());
        Duration half = maxRunDuration.dividedBy(2);
        this.runningAfter = half.compareTo(Duration.ofSeconds(10)) < 0 ? half : Duration.ofSeconds(10);
        tasks.forEach(task -> this.tasks.put(task.protocol(), task));
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.meters = meters;
        this.status = status;
        this.clock = clock;
        this.backoff = new Backoff(settings.retryDelay(), settings.maxBackoff(),
                () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Polls the mailbox once; {@code fence} is this poller's hold on it as the run starts. A run that finds
     * the mailbox moved to another poller meanwhile ends without a word in its status: the new owner goes on
     * from the last cursor saved.
     */
    public RunOutcome run(Mailbox mailbox, GroupFence fence) {
        return run(mailbox, fence, null);
    }

    /**
     * As {@link #run(Mailbox, GroupFence)}, checking the mailbox's archive first when {@code check} is not null:
     * the messages missing from the bucket or damaged there are read again from the server. A check the bucket
     * did not answer for is not made; the outcome then has none, and the scheduler asks again.
     */
    public RunOutcome run(Mailbox mailbox, GroupFence fence, CheckRequest check) {
        Instant started = clock.instant();
        SyncSession session;
        try {
            session = new SyncSession(publisher, cursors, contents, mailbox.id(), fence);
        } catch (CursorNotHeldException e) {
            LOG.infof("mailbox %s: moved to another poller before this run began", mailbox.id());
            return RunOutcome.moved(mailbox.id(), started, clock.instant(), 0);
        }
        Diagnosis diagnosis = null;
        boolean needsAPerson = false;
        Thread runner = Thread.currentThread();
        // Why the run's connections were cut, as what it makes of the failure that follows; the first cut wins.
        AtomicReference<UnaryOperator<Diagnosis>> cutBy = new AtomicReference<>();
        ScheduledFuture<?> deadline = watchdog.schedule(
                () -> cut(runner, cutBy, failure -> Diagnosis.cutShort(maxRunDuration, failure)),
                maxRunDuration.toMillis(), TimeUnit.MILLISECONDS);
        Runnable stopRateCheck = watchRate(runner, cutBy);
        RunningStatus running = new RunningStatus();
        ScheduledFuture<?> runningReport = runningStatus.schedule(
                () -> running.report(() -> status.reportRunning(mailbox.id(), started, session.messagesAdded())),
                runningAfter.toMillis(), TimeUnit.MILLISECONDS);
        CheckPlan plan = null;
        Optional<Instant> dayUsedUpBefore = Optional.empty();
        connections.limit(runner, mailbox);
        try {
            bucketNotLost(mailbox);
            manifests.keepCurrent(mailbox);
            plan = check == null ? null : plan(session, check);
            session.repairs(plan);
            dayUsedUpBefore = connections.dayUsedUp(mailbox);
            if (dayUsedUpBefore.isEmpty()) {
                runResuming(mailbox, session);
            }
        } catch (FencedWriteException e) {
            LOG.infof("mailbox %s: moved to another poller during this run, whose last cursor save was not "
                    + "written (%s)", mailbox.id(), e.getMessage());
            return RunOutcome.moved(mailbox.id(), started, clock.instant(), session.messagesAdded());
        } catch (MessagingException | KafkaUnavailableException | ArchiveUnavailableException e) {
            // The server, Kafka or S3 is away or broken: expected in operation, retried, no stack trace needed.
            diagnosis = Diagnosis.of(e, mailbox.host());
            needsAPerson = Diagnosis.needsAPerson(e);
        } catch (RuntimeException e) {
            diagnosis = Diagnosis.of(e, mailbox.host());
            LOG.errorf(e, "mailbox %s: poll failed unexpectedly", mailbox.id());
        } catch (OutOfMemoryError e) {
            // A server announcing a message larger than memory (a 2 GB literal): the one allocation failed,
            // the rest of the process is fine, and this mailbox backs off like any failing one.
            diagnosis = Diagnosis.tooLargeForMemory(e);
            LOG.errorf("mailbox %s: %s (%s)", mailbox.id(), diagnosis.reason(), e.getMessage());
        } finally {
            deadline.cancel(false);
            stopRateCheck.run();
            runningReport.cancel(false);
            running.end();
            connections.forget(runner);
        }
        int added = session.messagesAdded();
        boolean cut = cutBy.get() != null;
        if (cut && diagnosis != null) {
            diagnosis = cutBy.get().apply(diagnosis);
        }
        Instant ended = clock.instant();
        Optional<Instant> dayUsedUp = dayUsedUpBefore.isPresent() || diagnosis == null ? dayUsedUpBefore
                : connections.dayUsedUp(mailbox);
        if (dayUsedUp.isPresent()) {
            // The day's downloads are used up (before or during the run): what it got is kept, the rest comes later.
            diagnosis = Diagnosis.dailyLimit(mailbox.limits().maxBytesPerDay(), dayUsedUp.get(), ended);
        }
        if (diagnosis == null) {
            if (added > 0) {
                LOG.infof("mailbox %s: %d new messages published", mailbox.id(), added);
            }
            MailboxStatus.LastCheck checked = plan == null ? null : checked(mailbox, check, plan, session, ended);
            List<String> notes = new ArrayList<>(session.notes());
            if (checked != null) {
                notes.addAll(session.unrepairable());
            }
            return finish(new RunOutcome(mailbox.id(), started, ended, RunOutcome.Kind.SUCCESS, MailboxState.OK,
                    null, null, added, notes, session.leftOnServer(), 0, ended.plus(mailbox.interval()), checked),
                    session.folderStates());
        }
        int before = status.consecutiveFailures(mailbox.id());
        // Throttling is no sign that the mailbox is broken, and a long first backup cut short made progress:
        // both come back after the first pause, without counting a failure.
        boolean counts = diagnosis.state() != MailboxState.THROTTLED && !(cut && added > 0);
        int failures = counts ? before + 1 : before;
        Instant nextRun = needsAPerson ? ended.plus(NOT_UNTIL_CHANGED)
                : diagnosis.pause() != null ? ended.plus(diagnosis.pause())
                : ended.plus(backoff.after(counts ? failures : 1, mailbox.interval()));
        String reason = diagnosis.reason();
        if (diagnosis.state() == MailboxState.THROTTLED) {
            nextRun = wholeSecondAfter(nextRun);
            reason = reason + "; throttled until " + nextRun;
        }
        RunOutcome outcome = new RunOutcome(mailbox.id(), started, ended,
                diagnosis.state() == MailboxState.THROTTLED ? RunOutcome.Kind.BUSY : RunOutcome.Kind.FAILURE,
                diagnosis.state(), reason, diagnosis.detail(), added, session.notes(),
                session.leftOnServer(), failures, nextRun);
        if (outcome.kind() == RunOutcome.Kind.BUSY) {
            LOG.infof("mailbox %s: %s", mailbox.id(), reason);
        } else if (!counts) {
            LOG.warnf("mailbox %s: %s after %d new messages; going on at %s", mailbox.id(), diagnosis.reason(),
                    added, outcome.nextRun());
        } else {
            LOG.warnf("mailbox %s: poll failed (%d in a row) after %d new messages: %s; trying again at %s",
                    mailbox.id(), failures, added, diagnosis.detail(), outcome.nextRun());
        }
        return finish(outcome, session.folderStates());
    }

    /** What the check found; null when the bucket could not be read for it (it is asked again next run). */
    private CheckPlan plan(SyncSession session, CheckRequest check) {
        try {
            return checker.plan(session.cursor(), check);
        } catch (ArchiveUnavailableException | IllegalArgumentException e) {
            LOG.warnf("mailbox %s: the archive could not be checked (%s); the next run tries again",
                    session.mailboxId(), e.getMessage());
            return null;
        }
    }

    private static MailboxStatus.LastCheck checked(Mailbox mailbox, CheckRequest check, CheckPlan plan,
                                                   SyncSession session, Instant at) {
        int toRead = plan.pop3ToRead().size() + plan.toRead().values().stream().mapToInt(Map::size).sum();
        int left = toRead - session.repaired() - session.unrepairable().size();
        if (left > 0) {
            LOG.warnf("mailbox %s: check: %d missing or damaged messages were not read again (see the warnings "
                    + "above); the next check finds them again", mailbox.id(), left);
        }
        return new MailboxStatus.LastCheck(at, check.readData(), plan.checked(), plan.missing(), plan.damaged(),
                session.repaired(), plan.unrepairable() + session.unrepairable().size());
    }

    /**
     * Judges the run's transfer rate once per window, and cuts its connections when the server is too slow:
     * the reason is kept for the run's status.
     */
    private Runnable watchRate(Thread runner, AtomicReference<UnaryOperator<Diagnosis>> cutBy) {
        if (transferFloor.off()) {
            return () -> { };
        }
        AtomicReference<TransferSample> last = new AtomicReference<>(connections.transfer(runner));
        long window = transferFloor.window().toMillis();
        ScheduledFuture<?> check = watchdog.scheduleAtFixedRate(() -> {
            TransferSample now = connections.transfer(runner);
            transferFloor.judge(last.getAndSet(now), now)
                    .ifPresent(reason -> cut(runner, cutBy, failure -> Diagnosis.tooSlow(reason, failure)));
        }, window, window, TimeUnit.MILLISECONDS);
        return () -> check.cancel(false);
    }

    /** Closes the run's connections, unless another watcher did so first, and says why. */
    private void cut(Thread runner, AtomicReference<UnaryOperator<Diagnosis>> cutBy, UnaryOperator<Diagnosis> why) {
        if (cutBy.compareAndSet(null, why)) {
            connections.cut(runner);
        }
    }

    /**
     * The "running" report of one run: never written once the run has ended,
     * so it cannot overwrite the run's final status.
     */
    private static final class RunningStatus {

        private boolean ended;

        synchronized void report(Runnable write) {
            if (!ended) {
                write.run();
            }
        }

        synchronized void end() {
            ended = true;
        }
    }

    /**
     * A lost bucket stops the poll before any cursor moves: events nobody can archive would otherwise wait in
     * Kafka only as long as its retention. A store that does not answer is an outage: Kafka keeps the events
     * until the archivers can write them, so polling goes on.
     */
    private void bucketNotLost(Mailbox mailbox) {
        try {
            archive.ensureBucket();
        } catch (ArchiveLostException e) {
            throw e;
        } catch (ArchiveUnavailableException e) {
            LOG.infof("mailbox %s: the bucket could not be checked (%s); polling goes on, Kafka keeps the events "
                    + "until the archivers can write them", mailbox.id(), e.getMessage());
        }
    }

    /** Counts the run, and publishes its summary and status. */
    /**
     * The task's run; once per run, a session the server ended because its access token expired goes on over
     * a new connection with a new token, from the cursor the run has committed so far.
     */
    private void runResuming(Mailbox mailbox, SyncSession session) throws MessagingException {
        MailboxTask task = tasks.get(mailbox.protocol());
        try {
            task.run(mailbox, session);
            session.throwIfFolderFailed();
        } catch (MessagingException e) {
            if (!mailbox.auth().type().usesAccessToken() || !Diagnosis.accessTokenExpired(e)) {
                throw e;
            }
            LOG.infof("mailbox %s: the server ended the session because its access token expired; going on "
                    + "with a new one", mailbox.id());
            connections.renewAccessToken(mailbox.id());
            session.resumed();
            task.run(mailbox, session);
            session.throwIfFolderFailed();
        }
    }

    /** A time shown to people: the next whole second, never earlier than asked. */
    private static Instant wholeSecondAfter(Instant time) {
        Instant second = time.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        return second.equals(time) ? second : second.plusSeconds(1);
    }

    private RunOutcome finish(RunOutcome outcome, Map<String, SyncCompleted.FolderState> folders) {
        meters.counter("mailcellar.sync.runs", "outcome", outcome.kind().wireName()).increment();
        meters.counter("mailcellar.sync.messages.published").increment(outcome.messagesAdded());
        report(outcome, folders);
        status.report(outcome);
        return outcome;
    }

    private void report(RunOutcome outcome, Map<String, SyncCompleted.FolderState> folders) {
        try {
            publisher.publishAll(List.of(new SyncCompleted(outcome.mailboxId(), outcome.started(), outcome.ended(),
                    outcome.kind().wireName(), outcome.error(), outcome.messagesAdded(), outcome.notes(), folders)));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not publish the run summary: %s", outcome.mailboxId(), e.getMessage());
        }
    }
}
