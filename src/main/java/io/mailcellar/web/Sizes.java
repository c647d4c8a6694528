package io.mailcellar.web;

import java.util.Locale;

/** Byte counts and message counts as a person reads them: "1.4 MB", "12,345". */
final class Sizes {

    private static final String[] UNITS = {"bytes", "kB", "MB", "GB", "TB", "PB"};

    private Sizes() {
    }

    static String bytes(long bytes) {
        if (bytes < 1000) {
            return bytes + (bytes == 1 ? " byte" : " bytes");
        }
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < UNITS.length - 1) {
            value /= 1000;
            unit++;
        }
        return String.format(Locale.ROOT, value < 10 ? "%.1f %s" : "%.0f %s", value, UNITS[unit]);
    }

    static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
