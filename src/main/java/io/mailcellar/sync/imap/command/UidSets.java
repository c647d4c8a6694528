package io.mailcellar.sync.imap.command;

import java.util.List;

/** IMAP UID sets in their short form: {@code 1:5,7,9:12}. */
public final class UidSets {

    private UidSets() {
    }

    /** The set of the given UIDs, which must be sorted ascending. */
    public static String of(List<Long> sortedUids) {
        StringBuilder set = new StringBuilder();
        int i = 0;
        while (i < sortedUids.size()) {
            long start = sortedUids.get(i);
            long end = start;
            while (i + 1 < sortedUids.size() && sortedUids.get(i + 1) == end + 1) {
                end = sortedUids.get(++i);
            }
            if (!set.isEmpty()) {
                set.append(',');
            }
            set.append(start);
            if (end != start) {
                set.append(':').append(end);
            }
            i++;
        }
        return set.toString();
    }
}
