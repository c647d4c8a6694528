package io.mailcellar.restore.export;

import java.util.List;

/**
 * What an export wrote: folders, messages and their bytes, and the messages it could not (each with its folder,
 * SHA-256 and the reason), which it also lists in {@link Exporter#PROBLEMS_FILE}.
 */
public record ExportReport(String snapshot, int folders, long messages, long bytes, long keywordsNotKept,
                           List<Problem> problems) {

    public ExportReport {
        problems = List.copyOf(problems);
    }

    /** A message left out of the export. */
    public record Problem(String folder, String sha256, String reason) {
    }
}
