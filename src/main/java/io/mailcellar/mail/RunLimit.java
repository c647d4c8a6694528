package io.mailcellar.mail;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.function.LongSupplier;

/**
 * What one run may download, shared by its connections: a pace (bytes a
 * second, averaged from the run's first byte) and what is left of its
 * mailbox's day. A read past the day's allowance fails with
 * {@link DailyLimitReached}, and the run says when it may go on. Pure but for
 * the clocks and the sleep it is given.
 */
public final class RunLimit {

    /** Waits; a test's does not. */
    @FunctionalInterface
    interface Sleeper {
        void sleep(long nanos) throws InterruptedException;
    }

    /** The mailbox's day is used up: no more downloads until {@code until}. */
    public static final class DailyLimitReached extends IOException {
        DailyLimitReached(long limit, Instant until) {
            super("the daily download limit of " + limit + " bytes is reached; going on at " + until);
        }
    }

    private final long perSecond;
    private final DownloadDay day;
    private final LongSupplier nanoTime;
    private final Sleeper sleeper;
    private final Clock clock;
    private long firstRead = -1;
    private long taken;

    /**
     * @param perSecond 0 for no pace
     * @param day       the mailbox's count for the day, or null for no daily limit
     */
    RunLimit(long perSecond, DownloadDay day, LongSupplier nanoTime, Sleeper sleeper, Clock clock) {
        this.perSecond = perSecond;
        this.day = day;
        this.nanoTime = nanoTime;
        this.sleeper = sleeper;
        this.clock = clock;
    }

    /** Counts bytes just read; waits as long as the pace needs, or fails once the day is used up. */
    synchronized void took(long bytes) throws IOException {
        if (day != null && day.add(bytes, clock.instant())) {
            throw new DailyLimitReached(day.limit(), day.until());
        }
        if (perSecond <= 0) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (firstRead < 0) {
            firstRead = now;
        }
        taken += bytes;
        long due = firstRead + (long) (taken * 1e9 / perSecond);
        if (due > now) {
            try {
                sleeper.sleep(due - now);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted while keeping to the download limit");
            }
        }
    }
}
