package io.mailcellar.mail;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The bytes one mailbox downloaded in the current day (UTC), against its
 * limit. Kept by the poller that owns the mailbox, in memory: a restart or a
 * move to another poller starts the day's count again. Pure.
 */
final class DownloadDay {

    private final long limit;
    private LocalDate date;
    private long bytes;

    DownloadDay(long limit) {
        this.limit = limit;
    }

    /** A day with a new limit and what the old one counted today. */
    static DownloadDay carrying(DownloadDay old, long limit) {
        DownloadDay day = new DownloadDay(limit);
        if (old != null) {
            synchronized (old) {
                day.date = old.date;
                day.bytes = old.bytes;
            }
        }
        return day;
    }

    /** Adds what was read; whether the day's limit is now passed. */
    synchronized boolean add(long read, Instant now) {
        roll(now);
        bytes += read;
        return bytes > limit;
    }

    /** Whether the day's limit is used up. */
    synchronized boolean spent(Instant now) {
        roll(now);
        return bytes >= limit;
    }

    long limit() {
        return limit;
    }

    /** When the current day ends and downloads may go on: the next midnight UTC. */
    synchronized Instant until() {
        return date.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
    }

    private void roll(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        if (!today.equals(date)) {
            date = today;
            bytes = 0;
        }
    }
}
