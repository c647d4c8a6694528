package io.mailcellar.app;

import java.time.Duration;

/** A duration as a person reads it in a log line or a status: its largest whole unit ("16 days", "1 hour"). */
public final class DurationWords {

    private DurationWords() {
    }

    public static String of(Duration duration) {
        if (duration.toDays() > 0) {
            return count(duration.toDays(), "day");
        }
        if (duration.toHours() > 0) {
            return count(duration.toHours(), "hour");
        }
        if (duration.toMinutes() > 0) {
            return count(duration.toMinutes(), "minute");
        }
        return count(Math.max(0, duration.toSeconds()), "second");
    }

    private static String count(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
