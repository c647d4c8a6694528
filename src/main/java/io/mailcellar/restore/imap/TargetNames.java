package io.mailcellar.restore.imap;

import java.util.ArrayList;
import java.util.List;

/**
 * Where a snapshot's folder goes in the target account: under {@code into}
 * (written with {@code /}, empty for the original names), its levels joined
 * with the target's delimiter. A level that itself holds the target's
 * delimiter would become two levels there; that character is written as
 * {@code _} instead.
 */
public final class TargetNames {

    private TargetNames() {
    }

    /**
     * @param sourceDelimiter the folder's delimiter in the snapshot, or null when it has none (POP3)
     * @param targetDelimiter the target account's delimiter, or null when it has no hierarchy
     */
    public static String of(String folder, String sourceDelimiter, String into, String targetDelimiter) {
        List<String> levels = new ArrayList<>();
        for (String level : into.split("/")) {
            if (!level.isEmpty()) {
                levels.add(level);
            }
        }
        if (sourceDelimiter == null || sourceDelimiter.isEmpty()) {
            levels.add(folder);
        } else {
            int start = 0;
            for (int at = folder.indexOf(sourceDelimiter); at >= 0; at = folder.indexOf(sourceDelimiter, start)) {
                levels.add(folder.substring(start, at));
                start = at + sourceDelimiter.length();
            }
            levels.add(folder.substring(start));
        }
        if (targetDelimiter == null || targetDelimiter.isEmpty()) {
            return String.join("_", levels);
        }
        return String.join(targetDelimiter, levels.stream().map(level -> level.replace(targetDelimiter, "_"))
                .toList());
    }
}
