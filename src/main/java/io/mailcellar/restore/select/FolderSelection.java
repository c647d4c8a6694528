package io.mailcellar.restore.select;

import java.util.List;

/**
 * Which folders of a snapshot a request names, as IMAP LIST patterns over
 * the folder names mailcellar reports ({@code /} or the server's delimiter):
 * {@code *} matches anything, {@code %} anything but the folder's delimiter,
 * and every other character itself. No patterns means every folder.
 * Matching is linear in the name's length times the pattern's: no regular
 * expression is built from user input.
 */
public record FolderSelection(List<String> patterns) {

    public static final FolderSelection ALL = new FolderSelection(List.of());
    static final int MAX_PATTERNS = 100;
    static final int MAX_PATTERN_LENGTH = 256;

    public FolderSelection {
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        if (patterns.size() > MAX_PATTERNS) {
            throw new IllegalArgumentException("at most " + MAX_PATTERNS + " folder patterns, not "
                    + patterns.size());
        }
        for (String pattern : patterns) {
            if (pattern == null || pattern.isEmpty() || pattern.length() > MAX_PATTERN_LENGTH) {
                throw new IllegalArgumentException("a folder pattern has 1 to " + MAX_PATTERN_LENGTH
                        + " characters, e.g. INBOX or Projects/*");
            }
        }
    }

    /** Whether the folder, whose hierarchy delimiter is {@code delimiter} (null: none), is selected. */
    public boolean includes(String folder, String delimiter) {
        if (patterns.isEmpty()) {
            return true;
        }
        for (String pattern : patterns) {
            if (matches(pattern, folder, delimiter)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Glob matching with one backtracking point per wildcard kind, the classic linear-space algorithm: on a
     * mismatch, the last {@code *} (or {@code %}, while no delimiter was crossed) takes one more character.
     */
    static boolean matches(String pattern, String name, String delimiter) {
        char delim = delimiter == null || delimiter.isEmpty() ? 0 : delimiter.charAt(0);
        int p = 0;
        int n = 0;
        int starP = -1;
        int starN = -1;
        int percentP = -1;
        int percentN = -1;
        while (n < name.length()) {
            char c = name.charAt(n);
            if (p < pattern.length() && pattern.charAt(p) == '*') {
                starP = p++;
                starN = n;
                percentP = -1;
            } else if (p < pattern.length() && pattern.charAt(p) == '%') {
                percentP = p++;
                percentN = n;
            } else if (p < pattern.length() && pattern.charAt(p) == c) {
                p++;
                n++;
            } else if (percentP >= 0 && name.charAt(percentN) != delim) {
                p = percentP + 1;
                n = ++percentN;
            } else if (starP >= 0) {
                p = starP + 1;
                n = ++starN;
                percentP = -1;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && (pattern.charAt(p) == '*' || pattern.charAt(p) == '%')) {
            p++;
        }
        return p == pattern.length();
    }
}
