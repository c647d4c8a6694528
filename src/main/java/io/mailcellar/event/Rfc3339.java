package io.mailcellar.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the RFC 3339 times of event attributes. The form the codec itself
 * writes, whole seconds in UTC ({@code 2026-11-24T09:00:00Z}: IMAP dates have
 * no fractions), is read field by field, and a date in it that does not
 * exist is refused by {@link LocalDate}; any other form goes to
 * {@link Instant#parse}, which also says what is wrong with a bad one.
 *
 * <p>Why not always {@link Instant#parse}: the archiver reads a time for
 * every message, and the general formatter cost measurably; see
 * docs/performance.md.
 */
final class Rfc3339 {

    /** {@code yyyy-MM-ddTHH:mm:ssZ} */
    private static final int UTC_SECONDS_LENGTH = 20;
    private static final int SECONDS_PER_DAY = 86_400;

    private Rfc3339() {
    }

    static Instant parse(String text) throws DateTimeException {
        if (text.length() == UTC_SECONDS_LENGTH && hasUtcSecondsSeparators(text)) {
            int year = digits(text, 0, 4);
            int month = digits(text, 5, 2);
            int day = digits(text, 8, 2);
            int hour = digits(text, 11, 2);
            int minute = digits(text, 14, 2);
            int second = digits(text, 17, 2);
            // The date's own ranges are LocalDate's to check; 24:00:00 and leap seconds are Instant.parse's to read.
            if (year >= 0 && month >= 0 && day >= 0
                    && hour >= 0 && hour < 24 && minute >= 0 && minute < 60 && second >= 0 && second < 60) {
                long days = LocalDate.of(year, month, day).toEpochDay();
                return Instant.ofEpochSecond(days * SECONDS_PER_DAY + hour * 3600L + minute * 60L + second);
            }
        }
        return Instant.parse(text);
    }

    private static boolean hasUtcSecondsSeparators(String text) {
        return text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T' && text.charAt(13) == ':'
                && text.charAt(16) == ':' && text.charAt(19) == 'Z';
    }

    /** The number the {@code count} ASCII digits from {@code from} spell, or -1 if one is not a digit. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }
}
