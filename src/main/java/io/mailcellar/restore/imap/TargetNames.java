package io.mailcellar.restore.imap;

import io.mailcellar.restore.select.FolderLevels;

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
        levels.addAll(FolderLevels.of(folder, sourceDelimiter));
        if (targetDelimiter == null || targetDelimiter.isEmpty()) {
            return String.join("_", levels);
        }
        return String.join(targetDelimiter, levels.stream().map(level -> level.replace(targetDelimiter, "_"))
                .toList());
    }
}
