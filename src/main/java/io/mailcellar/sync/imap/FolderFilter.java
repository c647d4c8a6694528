package io.mailcellar.sync.imap;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A mailbox's {@code folders.include} / {@code folders.exclude} patterns, in
 * IMAP LIST wildcards: {@code *} matches anything, {@code %} anything up to the
 * next hierarchy delimiter. A folder is backed up when an include pattern and
 * no exclude pattern matches it. INBOX matches case-insensitively (RFC 3501).
 */
public final class FolderFilter {

    private final List<String> include;
    private final List<String> exclude;

    public FolderFilter(List<String> include, List<String> exclude) {
        this.include = List.copyOf(include);
        this.exclude = List.copyOf(exclude);
    }

    public boolean accepts(String folder, char delimiter) {
        return include.stream().anyMatch(p -> matches(p, folder, delimiter))
                && exclude.stream().noneMatch(p -> matches(p, folder, delimiter));
    }

    static boolean matches(String pattern, String folder, char delimiter) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                regex.append(".*");
            } else if (c == '%') {
                regex.append(String.format("[^\\x{%x}]*", (int) delimiter));
            } else {
                regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        String name = folder.equalsIgnoreCase("INBOX") ? "INBOX" : folder;
        String normalizedPattern = regex.toString();
        if (pattern.equalsIgnoreCase("INBOX")) {
            normalizedPattern = Pattern.quote("INBOX");
        }
        return Pattern.compile(normalizedPattern, Pattern.DOTALL).matcher(name).matches();
    }
}
