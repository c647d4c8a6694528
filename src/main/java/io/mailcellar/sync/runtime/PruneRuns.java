package io.mailcellar.sync.runtime;

import io.mailcellar.app.LogText;
import io.mailcellar.archive.ArchiveSettings;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ArchiverOffsets;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.restore.RestoreBook;
import io.mailcellar.restore.prune.PruneReport;
import io.mailcellar.restore.prune.PruneSettings;
import io.mailcellar.restore.prune.Pruner;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * Prunes a mailbox's archive on the poller that owns it, in a poll's place.
 * Prune must not remove an object that a sync in flight may still name (a
 * message deleted long ago and appended again finds its old object, and
 * writes nothing). Here none can be: the poller runs no poll or restore of
 * the mailbox meanwhile, and a prune waits until this poller's last event
 * for the mailbox is a run's end ({@code sync.completed}) that the
 * archivers have committed, so its snapshot is stored and every change
 * before it is in one. The report goes into the mailbox's status.
 */
@ApplicationScoped
public class PruneRuns {

    private static final Logger LOG = Logger.getLogger(PruneRuns.class);
    /** How often a waiting prune asks Kafka whether the archivers are done with the last run. */
    private static final Duration READY_POLL = Duration.ofSeconds(2);
    private static final Duration RETRY = Duration.ofMinutes(1);

    private final Pruner pruner;
    private final EventPublisher publisher;
    private final ArchiverOffsets offsets;
    private final StatusReporter statuses;
    private final PruneSettings settings;
    private final Clock clock;
    private final boolean snapshots;
    private final RestoreBook restores;
    /** Prunes asked for or due, by mailbox, with the time before which their readiness is not asked again. */
    private final Map<String, Instant> wanted = new ConcurrentHashMap<>();

    PruneRuns(Pruner pruner, EventPublisher publisher, ArchiverOffsets offsets, StatusReporter statuses,
              PruneSettings settings, Clock clock, ArchiveSettings archive, RestoreBook restores) {
        this.restores = restores;
        this.snapshots = archive.snapshots();
        this.pruner = pruner;
        this.publisher = publisher;
        this.offsets = offsets;
        this.statuses = statuses;
        this.settings = settings;
        this.clock = clock;
    }

    /** A prune was asked for ({@code POST .../prune}): it follows the next poll. */
    void request(String mailboxId) {
        wanted.putIfAbsent(mailboxId, Instant.MIN);
    }

    /** After a poll: a mailbox with a retention policy is pruned every {@code mailcellar.prune.interval}. */
    void wantIfDue(Mailbox mailbox) {
        Duration interval = settings.interval();
        if (mailbox.retention() == null || interval.isZero() || interval.isNegative()
                || wanted.containsKey(mailbox.id())) {
            return;
        }
        Instant last = statuses.lastPruneAt(mailbox.id());
        if (last == null || !clock.instant().isBefore(last.plus(interval))) {
            wanted.putIfAbsent(mailbox.id(), Instant.MIN);
        }
    }

    /** The mailboxes among {@code owned} whose prune may run now. */
    Set<String> ready(Set<String> owned) {
        return wanted.keySet().stream().filter(owned::contains).filter(this::ready).collect(Collectors.toSet());
    }

    /**
     * Prunes the mailbox's archive when a prune is wanted and may run now; answers whether it ran (in the
     * place of a poll).
     */
    boolean runIfReady(Mailbox mailbox) {
        if (!wanted.containsKey(mailbox.id()) || !ready(mailbox.id())) {
            return false;
        }
        Instant started = clock.instant();
        if (!snapshots) {
            statuses.reportPrune(mailbox.id(), failed(started, "removed nothing: snapshots are switched off "
                    + "(mailcellar.archive.snapshots=false), so prune cannot tell what is backed up"));
            wanted.remove(mailbox.id());
            return true;
        }
        try {
            PruneReport report = pruner.prune(mailbox, restores.pendingSnapshots(mailbox.id()), false);
            statuses.reportPrune(mailbox.id(), new MailboxStatus.LastPrune(report.started(), report.ended(),
                    report.snapshotsKept(), report.snapshotsRemoved().size(), report.messagesRemoved(),
                    report.treePagesRemoved(), report.bytesRemoved(), report.keptDeletedFromServer(),
                    report.note()));
            wanted.remove(mailbox.id());
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: the prune stopped, the bucket or Kafka did not answer; tried again in %s: %s",
                    mailbox.id(), RETRY, LogText.of(e.getMessage()));
            statuses.reportPrune(mailbox.id(), failed(started, "the bucket did not answer (" + e.getMessage()
                    + "); what was removed stays removed, and the prune is tried again in a minute"));
            wanted.put(mailbox.id(), clock.instant().plus(RETRY));
        } catch (IllegalArgumentException e) {
            // An archive this version cannot read in full: nothing is removed until someone looks.
            LOG.errorf("mailbox %s: the prune removed nothing: %s", mailbox.id(), LogText.of(e.getMessage()));
            statuses.reportPrune(mailbox.id(), failed(started, "removed nothing: " + e.getMessage()));
            wanted.remove(mailbox.id());
        }
        return true;
    }

    private MailboxStatus.LastPrune failed(Instant started, String error) {
        return new MailboxStatus.LastPrune(started, clock.instant(), 0, 0, 0, 0, 0, 0, error);
    }

    /** Whether this poller's last event for the mailbox ended a run the archivers have committed. */
    private boolean ready(String mailboxId) {
        Instant notBefore = wanted.get(mailboxId);
        Instant now = clock.instant();
        if (notBefore == null || now.isBefore(notBefore)) {
            return false;
        }
        Optional<EventPublisher.Published> last = publisher.lastPublished(mailboxId);
        if (last.isEmpty() || !last.get().endsRun()) {
            // A poll comes first: it ends with a sync.completed that closes what any earlier run left open.
            return false;
        }
        try {
            if (offsets.committed(last.get().partition()) > last.get().offset()) {
                return true;
            }
        } catch (ArchiveUnavailableException e) {
            LOG.debugf("mailbox %s: the prune waits, Kafka did not say how far the archivers are: %s", mailboxId,
                    e.getMessage());
        }
        wanted.replace(mailboxId, notBefore, now.plus(READY_POLL));
        return false;
    }
}
