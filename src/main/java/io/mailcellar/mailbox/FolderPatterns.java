package io.mailcellar.mailbox;

/**
 * IMAP LIST patterns over folder names, as registrations ({@code folders})
 * and restores name folders: {@code *} matches anything, {@code %} anything
 * but the hierarchy delimiter, every other character itself. Matching is
 * linear in the name's length times the pattern's: no regular expression is
 * ever built from user input. Pure.
 */
public final class FolderPatterns {

    /** At most this many patterns in one list. */
    public static final int MAX_PATTERNS = 100;
    /** At most this many characters in one pattern. */
    public static final int MAX_PATTERN_LENGTH = 256;

    private FolderPatterns() {
    }

    /**
     * Glob matching with one backtracking point per wildcard kind, the classic linear-space algorithm: on a
     * mismatch, the last {@code *} (or {@code %}, while no delimiter was crossed) takes one more character.
     */
    public static boolean matches(String pattern, String name, String delimiter) {
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
