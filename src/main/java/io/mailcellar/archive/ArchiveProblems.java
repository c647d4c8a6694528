package io.mailcellar.archive;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * The mailboxes whose archiving the store refuses for a reason waiting will
 * not fix (a revoked key, a missing bucket): logged once when it begins and
 * once when it ends, counted in {@code mailcellar.archive.refused.mailboxes},
 * and reported to the API through {@code archive-state} (again every minute
 * while it lasts), which shows the mailbox {@code archive-failing} with the
 * reason. The writes go on being retried; nothing is acknowledged unwritten.
 */
@ApplicationScoped
public class ArchiveProblems {

    private static final Logger LOG = Logger.getLogger(ArchiveProblems.class);
    private static final Duration REPEAT = Duration.ofMinutes(1);

    private final BiConsumer<String, ArchiveState.Problem> reports;
    private final Clock clock;
    private final Map<String, ArchiveState.Problem> open = new ConcurrentHashMap<>();

    @Inject
    ArchiveProblems(ArchiveStateBoard board, Clock clock, MeterRegistry meters) {
        this(board::problem, clock, meters);
    }

    ArchiveProblems(BiConsumer<String, ArchiveState.Problem> reports, Clock clock, MeterRegistry meters) {
        this.reports = reports;
        this.clock = clock;
        meters.gaugeMapSize("mailcellar.archive.refused.mailboxes", Tags.empty(), open);
    }

    /** A request for the mailbox's archive failed; only a refusal is a problem, the rest is only retried. */
    public void failed(String mailboxId, ArchiveUnavailableException e) {
        if (mailboxId == null || !(e instanceof ArchiveRefusedException refused)) {
            return;
        }
        Instant now = clock.instant();
        ArchiveState.Problem[] toReport = {null};
        open.compute(mailboxId, (id, before) -> {
            if (before != null && before.reason().equals(refused.reason())
                    && now.isBefore(before.reportedAt().plus(REPEAT))) {
                return before;
            }
            if (before == null) {
                LOG.errorf("mailbox %s: the archive store refuses its writes: %s. Its changes stay in Kafka and are "
                        + "tried again until the store accepts them", mailboxId, refused.reason());
            }
            // A refused key answers HEAD and PUT with different codes: still the one refusal that began then.
            Instant since = before != null ? before.since() : now;
            toReport[0] = new ArchiveState.Problem(refused.reason(), since, now);
            return toReport[0];
        });
        if (toReport[0] != null) {
            reports.accept(mailboxId, toReport[0]);
        }
    }

    /** The store took a write of the mailbox's: whatever it refused before, it accepts now. */
    public void accepted(String mailboxId) {
        if (mailboxId == null || open.isEmpty()) {
            return;
        }
        ArchiveState.Problem ended = open.remove(mailboxId);
        if (ended != null) {
            LOG.infof("mailbox %s: the archive store accepts its writes again (refused since %s)", mailboxId,
                    ended.since());
            reports.accept(mailboxId, null);
        }
    }
}
