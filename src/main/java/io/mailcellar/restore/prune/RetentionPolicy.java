package io.mailcellar.restore.prune;

import io.mailcellar.mailbox.Retention;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Which snapshots a mailbox keeps, as restic's {@code forget} decides it:
 * the {@code keepLast} newest; and for each of the {@code keepDaily} newest
 * days (UTC) that have a snapshot, that day's newest; likewise ISO weeks and
 * months. A snapshot any rule keeps is kept. A rule left out keeps nothing
 * by itself; a policy of no rules at all keeps everything, which is the
 * default. Pure: the prune applies it to the snapshots' ids and times.
 */
public record RetentionPolicy(Integer keepLast, Integer keepDaily, Integer keepWeekly, Integer keepMonthly) {

    /** Keep everything. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(null, null, null, null);

    public RetentionPolicy {
        for (Integer keep : new Integer[]{keepLast, keepDaily, keepWeekly, keepMonthly}) {
            if (keep != null && keep < 1) {
                throw new IllegalArgumentException("a retention rule keeps at least 1, or is left out");
            }
        }
    }

    /** The policy a mailbox's retention sets; none keeps everything. */
    public static RetentionPolicy of(Retention retention) {
        return retention == null ? KEEP_ALL : new RetentionPolicy(retention.keepLast(), retention.keepDaily(),
                retention.keepWeekly(), retention.keepMonthly());
    }

    /** A snapshot as the policy sees it. */
    public record Dated(String id, Instant time) {
    }

    /** Whether the policy keeps every snapshot. */
    public boolean keepsAll() {
        return keepLast == null && keepDaily == null && keepWeekly == null && keepMonthly == null;
    }

    /** The ids of the snapshots the policy keeps. */
    public Set<String> keep(List<Dated> snapshots) {
        List<Dated> newestFirst = snapshots.stream().sorted(Comparator.comparing(Dated::time).reversed()
                .thenComparing(Dated::id)).toList();
        Set<String> kept = new HashSet<>();
        if (keepsAll()) {
            newestFirst.forEach(snapshot -> kept.add(snapshot.id()));
            return kept;
        }
        if (keepLast != null) {
            newestFirst.stream().limit(keepLast).forEach(snapshot -> kept.add(snapshot.id()));
        }
        keepNewestPer(newestFirst, keepDaily, time -> time.toLocalDate().toString(), kept);
        keepNewestPer(newestFirst, keepWeekly, time -> time.get(IsoFields.WEEK_BASED_YEAR) + "-W"
                + time.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR), kept);
        keepNewestPer(newestFirst, keepMonthly, time -> time.getYear() + "-" + time.getMonthValue(), kept);
        return kept;
    }

    /** Keeps the newest snapshot of each of the {@code count} newest periods that have one. */
    private static void keepNewestPer(List<Dated> newestFirst, Integer count, Function<ZonedDateTime, String> period,
                                      Set<String> kept) {
        if (count == null) {
            return;
        }
        Set<String> periods = new HashSet<>();
        for (Dated snapshot : newestFirst) {
            if (periods.size() == count) {
                return;
            }
            if (periods.add(period.apply(snapshot.time().atZone(ZoneOffset.UTC)))) {
                kept.add(snapshot.id());
            }
        }
    }
}
