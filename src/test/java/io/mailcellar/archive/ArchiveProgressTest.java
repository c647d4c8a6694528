package io.mailcellar.archive;

import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.MovableClock;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive lag per mailbox, and which held events are stuck. */
class ArchiveProgressTest {

    private static final Instant START = Instant.parse("2026-12-03T12:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ArchiveProgress progress = new ArchiveProgress(meters, clock, new TestArchiveSettings(1, false),
            Duration.ofDays(30));

    @Test
    void theLagIsTheAgeOfTheMailboxsOldestEventHeld() {
        ArchiveSink.Position first = new ArchiveSink.Position("mail-events", 0, 7);
        ArchiveSink.Position second = new ArchiveSink.Position("mail-events", 0, 8);
        progress.taken(first, added(1), START.minusSeconds(30));
        progress.taken(second, added(2), START.minusSeconds(5));
        clock.set(START.plusSeconds(10));

        assertThat(lag("mb-1")).isEqualTo(40.0);
        assertThat(meters.get("mailcellar.archive.oldest.pending.seconds").gauge().value()).isEqualTo(10.0);
        progress.done(first);
        assertThat(lag("mb-1")).isEqualTo(15.0);
        progress.done(second);
        assertThat(lag("mb-1")).isZero();
    }

    @Test
    void aMailboxsLagGaugeGoesAfterAnHourWithoutEvents() {
        ArchiveSink.Position position = new ArchiveSink.Position("mail-events", 0, 7);
        progress.taken(position, added(1), START);
        clock.set(START.plus(Duration.ofHours(2)));
        progress.pruneIdleGauges();
        assertThat(lag("mb-1")).as("still holding an event: kept").isEqualTo(7200.0);

        progress.done(position);
        progress.pruneIdleGauges();
        assertThat(meters.find("mailcellar.archive.lag.seconds").tag("mailbox", "mb-1").gauge()).isNull();

        progress.taken(new ArchiveSink.Position("mail-events", 0, 8), added(2), START.plus(Duration.ofHours(2)));
        assertThat(lag("mb-1")).as("back with its next event").isZero();
    }

    @Test
    void anEventHeldPastTheLimitIsOverdueOldestFirst() {
        ArchiveProgress.Pending old = new ArchiveProgress.Pending(new ArchiveSink.Position("t", 0, 1), "mb-1",
                "INBOX", 1, START, START);
        ArchiveProgress.Pending older = new ArchiveProgress.Pending(new ArchiveSink.Position("t", 1, 1), "mb-2",
                "INBOX", 2, START, START.minusSeconds(60));
        ArchiveProgress.Pending fresh = new ArchiveProgress.Pending(new ArchiveSink.Position("t", 0, 2), "mb-1",
                "INBOX", 3, START, START.plus(Duration.ofMinutes(5)));

        assertThat(ArchiveProgress.overdue(List.of(old, fresh, older), START.plus(Duration.ofMinutes(10)),
                Duration.ofMinutes(10))).containsExactly(older, old);
    }

    @Test
    void aMailboxWhoseOldestUnarchivedEventIsHalfTheRetentionOldIsAtRiskUntilItIsArchived() {
        ArchiveSink.Position old = new ArchiveSink.Position("mail-events", 0, 7);
        progress.taken(old, added(1), START.minus(Duration.ofDays(16)));
        progress.taken(new ArchiveSink.Position("mail-events", 0, 8), added(2), START.minus(Duration.ofDays(1)));

        assertThat(ArchiveProgress.atRisk(List.of(new ArchiveProgress.Pending(old, "mb-1", "INBOX", 1,
                START.minus(Duration.ofDays(16)), START)), START, Duration.ofDays(15)))
                .containsEntry("mb-1", Duration.ofDays(16));
        progress.reportRetentionRisk();
        assertThat(meters.get("mailcellar.archive.retention.risk.mailboxes").gauge().value()).isEqualTo(1.0);

        progress.done(old);
        progress.reportRetentionRisk();
        assertThat(meters.get("mailcellar.archive.retention.risk.mailboxes").gauge().value())
                .as("its other event is a day old").isZero();
    }

    private static MessageAdded added(long uid) {
        return new MessageAdded("mb-1", "INBOX", 1, uid, "a".repeat(64), 1, List.of(), null,
                new MessageContent.Inline(new byte[1]), null);
    }

    private double lag(String mailboxId) {
        return meters.get("mailcellar.archive.lag.seconds").tag("mailbox", mailboxId).gauge().value();
    }
}
