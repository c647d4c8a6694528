package io.mailcellar.web;

import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.RestoreView;
import io.mailcellar.restore.select.FolderSelection;
import io.quarkus.qute.TemplateData;

import java.util.List;

/**
 * A restore as its page shows it: how far it is, out of the messages its
 * snapshot holds in the folders chosen, and whether it has ended.
 *
 * @param total messages the restore will go through; 0 when the snapshot cannot be read
 * @param done  messages appended, already present or skipped so far
 */
@TemplateData
public record RestoreProgress(RestoreView restore, long total, long done) {

    static RestoreProgress of(RestoreView restore, List<FolderSummary> snapshotFolders) {
        FolderSelection selection = new FolderSelection(restore.selectedFolders() == null ? List.of()
                : restore.selectedFolders());
        long total = restore.selectedMessages() != null ? restore.selectedMessages()
                : snapshotFolders.stream().filter(f -> selection.includes(f.name(), f.delimiter()))
                .mapToLong(FolderSummary::messages).sum();
        long done = restore.folders() == null ? 0 : restore.folders().stream()
                .mapToLong(f -> f.appended() + f.alreadyPresent() + f.skipped()).sum();
        return new RestoreProgress(restore, total, done);
    }

    public boolean ended() {
        return "succeeded".equals(restore.state()) || "failed".equals(restore.state());
    }

    public int percent() {
        if (ended() && "succeeded".equals(restore.state())) {
            return 100;
        }
        return total == 0 ? 0 : (int) Math.min(100, done * 100 / total);
    }

    public String stateWords() {
        return switch (restore.state()) {
            case "queued" -> "Waiting for the poller that owns the mailbox";
            case "running" -> "Restoring";
            case "succeeded" -> "Restored";
            case "failed" -> "Failed";
            default -> restore.state();
        };
    }
}
