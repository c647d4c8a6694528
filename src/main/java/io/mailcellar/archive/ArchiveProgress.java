package io.mailcellar.archive;

import io.mailcellar.app.DurationWords;
import io.mailcellar.app.LogText;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.kafka.KafkaSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the archiver holds and has not archived yet, for metrics and for
 * noticing a stuck event. Per mailbox: the archive lag (the age of its oldest
 * event taken from Kafka and not archived yet) and dead letters ({@link
 * MessageWriter} counts retried writes). An event in hand longer than {@code mailcellar.archive.stuck-after}
 * is logged as stuck, once. Events not yet read from Kafka are Kafka's
 * consumer lag of the archivers' group, which Kafka's own tools show. A
 * mailbox's lag gauge goes once it has had no event for an hour (an
 * unregistered mailbox, or a partition now read by another archiver), so
 * the series do not grow with every mailbox ever seen.
 */
@ApplicationScoped
public class ArchiveProgress {

    private static final Logger LOG = Logger.getLogger(ArchiveProgress.class);

    /** One event in hand: its message, when it was made, and since when it is held. */
    record Pending(ArchiveSink.Position position, String mailboxId, String folder, long uid, Instant eventTime,
                   Instant taken) {
    }

    private final MeterRegistry meters;
    private final Clock clock;
    private final Duration stuckAfter;
    private final Map<ArchiveSink.Position, Pending> pending = new ConcurrentHashMap<>();
    private final Set<ArchiveSink.Position> reportedStuck = ConcurrentHashMap.newKeySet();
    /** Per mailbox with a lag gauge: when it last had an event taken. */
    private final Map<String, Instant> lastTaken = new ConcurrentHashMap<>();
    private static final Duration GAUGE_IDLE = Duration.ofHours(1);
    /** How long Kafka keeps events: one unarchived for half of it is at risk. */
    private final Duration eventRetention;
    /** The mailboxes reported at risk, so each is logged once while it lasts. */
    private final Set<String> atRisk = ConcurrentHashMap.newKeySet();

    @Inject
    public ArchiveProgress(MeterRegistry meters, Clock clock, ArchiveSettings settings, KafkaSettings kafka) {
        this(meters, clock, settings, kafka.mailEventsRetention());
    }

    ArchiveProgress(MeterRegistry meters, Clock clock, ArchiveSettings settings, Duration eventRetention) {
        this.meters = meters;
        this.clock = clock;
        this.eventRetention = eventRetention;
        this.stuckAfter = settings.stuckAfter();
        meters.gaugeCollectionSize("mailcellar.archive.retention.risk.mailboxes", Tags.empty(), atRisk);
        Gauge.builder("mailcellar.archive.oldest.pending.seconds", this, ArchiveProgress::oldestTakenSeconds)
                .description("how long the archiver has held its oldest event not archived yet (0: none)")
                .register(meters);
    }

    void taken(ArchiveSink.Position position, MessageAdded message, Instant eventTime) {
        String mailboxId = message.mailboxId();
        pending.put(position, new Pending(position, mailboxId, message.folder(), message.uid(), eventTime,
                clock.instant()));
        if (lastTaken.put(mailboxId, clock.instant()) == null) {
            // Under the lock the pruning takes, so a gauge being removed is registered again after, not before.
            synchronized (lastTaken) {
                Gauge.builder("mailcellar.archive.lag.seconds", this, progress -> progress.lagSeconds(mailboxId))
                        .tag("mailbox", mailboxId)
                        .description("age of the mailbox's oldest event the archiver holds and has not archived "
                                + "(0: none)")
                        .register(meters);
            }
        }
    }

    void done(ArchiveSink.Position position) {
        Pending done = pending.remove(position);
        if (done != null && reportedStuck.remove(position)) {
            LOG.infof("mailbox %s folder %s uid %d: the event at %s that was stuck is archived now", done.mailboxId(),
                    LogText.of(done.folder()), done.uid(), position);
        }
    }

    void deadLettered(String mailboxId) {
        meters.counter("mailcellar.archive.dead.letters", "mailbox", mailboxId).increment();
    }

    @Scheduled(every = "${mailcellar.archive.stuck-check:30s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reportStuck() {
        pruneIdleGauges();
        reportRetentionRisk();
        for (Pending stuck : overdue(pending.values(), clock.instant(), stuckAfter)) {
            if (reportedStuck.add(stuck.position())) {
                LOG.errorf("mailbox %s folder %s uid %d: the event at %s has not been archived for %s; the "
                        + "warnings logged for it say why (the archiver keeps trying, and commits nothing of its "
                        + "partition past it)", stuck.mailboxId(), LogText.of(stuck.folder()), stuck.uid(),
                        stuck.position(), Duration.between(stuck.taken(), clock.instant()).withNanos(0));
            }
        }
    }

    /**
     * Logs each mailbox whose oldest unarchived event passed half of Kafka's retention, once while it lasts: past
     * all of it, Kafka deletes the event, archived or not.
     */
    void reportRetentionRisk() {
        Instant now = clock.instant();
        Map<String, Duration> risky = atRisk(pending.values(), now, eventRetention.dividedBy(2));
        risky.forEach((mailboxId, age) -> {
            if (atRisk.add(mailboxId)) {
                LOG.errorf("mailbox %s: its oldest unarchived event is %s old, past half of the %s Kafka keeps "
                        + "events (mailcellar.kafka.mail-events-retention); it must be archived before Kafka deletes "
                        + "it: the warnings logged for it say why it is not", mailboxId, DurationWords.of(age),
                        DurationWords.of(eventRetention));
            }
        });
        atRisk.removeIf(mailboxId -> !risky.containsKey(mailboxId));
    }

    /** Per mailbox, the age of its oldest event held, where that is at least {@code threshold}. */
    static Map<String, Duration> atRisk(Collection<Pending> pending, Instant now, Duration threshold) {
        Map<String, Duration> oldest = new java.util.HashMap<>();
        for (Pending entry : pending) {
            Duration age = Duration.between(entry.eventTime(), now);
            if (age.compareTo(threshold) >= 0) {
                oldest.merge(entry.mailboxId(), age, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        return oldest;
    }

    /** Removes the lag gauge of each mailbox that has had no event for an hour and holds none now. */
    void pruneIdleGauges() {
        Instant idleSince = clock.instant().minus(GAUGE_IDLE);
        Set<String> holding = new java.util.HashSet<>();
        pending.values().forEach(entry -> holding.add(entry.mailboxId()));
        synchronized (lastTaken) {
            lastTaken.forEach((mailboxId, last) -> {
                if (last.isBefore(idleSince) && !holding.contains(mailboxId) && lastTaken.remove(mailboxId, last)) {
                    meters.find("mailcellar.archive.lag.seconds").tag("mailbox", mailboxId).meters()
                            .forEach(meters::remove);
                }
            });
        }
    }

    /** The events held longer than {@code after}, oldest first. */
    static List<Pending> overdue(Collection<Pending> pending, Instant now, Duration after) {
        List<Pending> overdue = new ArrayList<>();
        for (Pending entry : pending) {
            if (!entry.taken().plus(after).isAfter(now)) {
                overdue.add(entry);
            }
        }
        overdue.sort(Comparator.comparing(Pending::taken));
        return overdue;
    }

    double lagSeconds(String mailboxId) {
        Instant now = clock.instant();
        return pending.values().stream().filter(entry -> entry.mailboxId().equals(mailboxId))
                .map(Pending::eventTime).min(Comparator.naturalOrder())
                .map(oldest -> Math.max(0, Duration.between(oldest, now).toMillis() / 1000.0)).orElse(0.0);
    }

    double oldestTakenSeconds() {
        Instant now = clock.instant();
        return pending.values().stream().map(Pending::taken).min(Comparator.naturalOrder())
                .map(oldest -> Duration.between(oldest, now).toMillis() / 1000.0).orElse(0.0);
    }
}
