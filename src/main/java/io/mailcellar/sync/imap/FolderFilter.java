package io.mailcellar.sync.imap;

import io.mailcellar.mailbox.FolderPatterns;

import java.util.List;

/**
 * A mailbox's {@code folders.include} / {@code folders.exclude} patterns, in
 * IMAP LIST wildcards: {@code *} matches anything, {@code %} anything up to the
 * next hierarchy delimiter. A folder is backed up when an include pattern and
 * no exclude pattern matches it. INBOX matches case-insensitively (RFC 3501).
 * The patterns come from users: they are matched without regular expressions
 * ({@link FolderPatterns}), so none can make matching take long.
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
        String name = folder.equalsIgnoreCase("INBOX") ? "INBOX" : folder;
        String normalized = pattern.equalsIgnoreCase("INBOX") ? "INBOX" : pattern;
        return FolderPatterns.matches(normalized, name, delimiter == 0 ? null : String.valueOf(delimiter));
    }
}
