package io.mailcellar.restore.select;

import io.mailcellar.mailbox.FolderPatterns;

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
    static final int MAX_PATTERNS = FolderPatterns.MAX_PATTERNS;
    static final int MAX_PATTERN_LENGTH = FolderPatterns.MAX_PATTERN_LENGTH;

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

    static boolean matches(String pattern, String name, String delimiter) {
        return FolderPatterns.matches(pattern, name, delimiter);
    }
}
