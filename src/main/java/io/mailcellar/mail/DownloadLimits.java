package io.mailcellar.mail;

import io.mailcellar.mailbox.Limits;
import io.mailcellar.mailbox.Mailbox;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/** The download limits of the mailboxes this poller backs up: each run's pace, and each mailbox's day. */
@ApplicationScoped
public class DownloadLimits {

    private final Clock clock;
    private final ConcurrentMap<String, DownloadDay> days = new ConcurrentHashMap<>();

    DownloadLimits(Clock clock) {
        this.clock = clock;
    }

    /** The limit of one run of the mailbox; null when it has none. */
    public RunLimit forRun(Mailbox mailbox) {
        Limits limits = mailbox.limits();
        if (limits == null || limits.maxBytesPerDay() == null && limits.maxBytesPerSecond() == null) {
            days.remove(mailbox.id());
            return null;
        }
        return new RunLimit(limits.maxBytesPerSecond() == null ? 0 : limits.maxBytesPerSecond(),
                day(mailbox, limits), System::nanoTime, java.util.concurrent.TimeUnit.NANOSECONDS::sleep, clock);
    }

    /** When the mailbox may download again, if its day is used up. */
    public Optional<Instant> dayUsedUp(Mailbox mailbox) {
        Limits limits = mailbox.limits();
        if (limits == null || limits.maxBytesPerDay() == null) {
            return Optional.empty();
        }
        DownloadDay day = day(mailbox, limits);
        return day.spent(clock.instant()) ? Optional.of(day.until()) : Optional.empty();
    }

    private DownloadDay day(Mailbox mailbox, Limits limits) {
        if (limits.maxBytesPerDay() == null) {
            days.remove(mailbox.id());
            return null;
        }
        // A changed limit keeps the day's count: what was downloaded today was downloaded.
        return days.compute(mailbox.id(), (id, day) -> day != null && day.limit() == limits.maxBytesPerDay()
                ? day : DownloadDay.carrying(day, limits.maxBytesPerDay()));
    }
}
