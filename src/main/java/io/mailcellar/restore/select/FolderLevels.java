package io.mailcellar.restore.select;

import java.util.ArrayList;
import java.util.List;

/** The levels of a folder name, split at its hierarchy delimiter, as exports and restores map them. */
public final class FolderLevels {

    private FolderLevels() {
    }

    /** {@code delimiter} null or empty: the name has no hierarchy, and is one level. Empty levels are kept. */
    public static List<String> of(String folder, String delimiter) {
        List<String> levels = new ArrayList<>();
        if (delimiter == null || delimiter.isEmpty()) {
            levels.add(folder);
            return levels;
        }
        int start = 0;
        for (int at = folder.indexOf(delimiter); at >= 0; at = folder.indexOf(delimiter, start)) {
            levels.add(folder.substring(start, at));
            start = at + delimiter.length();
        }
        levels.add(folder.substring(start));
        return levels;
    }
}
