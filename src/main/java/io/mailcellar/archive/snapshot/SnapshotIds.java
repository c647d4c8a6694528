package io.mailcellar.archive.snapshot;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;

/**
 * Snapshot ids, which are also their object names: an inverted time first, so
 * that a plain listing of {@code snapshots/} (lexicographic, as S3 lists)
 * puts the newest first, then the time a person reads, e.g.
 * {@code 8235066735499-20261203T214500500Z}. Millisecond precision: a
 * mailbox's snapshots are at least a millisecond apart.
 */
public final class SnapshotIds {

    /** The largest millisecond time an id can hold (the year 2286). */
    private static final long LAST = 9_999_999_999_999L;
    private static final DateTimeFormatter READABLE = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmssSSS'Z'")
            .withZone(ZoneOffset.UTC);
    private static final Pattern ID = Pattern.compile("\\d{13}-\\d{8}T\\d{9}Z");

    private SnapshotIds() {
    }

    /** The id of a snapshot taken at {@code time} (its milliseconds). */
    public static String of(Instant time) {
        long millis = time.toEpochMilli();
        if (millis < 0 || millis > LAST) {
            throw new IllegalArgumentException("a snapshot time must lie between 1970 and 2286, not " + time);
        }
        return String.format("%013d", LAST - millis) + "-" + READABLE.format(time);
    }

    /** Whether the text is a snapshot id (a request's {@code sid}, an object name). */
    public static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /** The time an id names. */
    public static Instant time(String id) {
        if (!isId(id)) {
            throw new IllegalArgumentException("not a snapshot id: " + id);
        }
        return Instant.ofEpochMilli(LAST - Long.parseLong(id.substring(0, 13)));
    }
}
