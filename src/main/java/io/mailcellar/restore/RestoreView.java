package io.mailcellar.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailcellar.mailbox.Security;
import io.mailcellar.restore.imap.ImapRestorer;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * A restore as the API shows it: never the target's secret.
 *
 * @param selectedFolders the folder patterns asked for (none: every folder)
 * @param folders         per folder of the snapshot, where it went and what became of its messages
 * @param skipped         messages not restored, each with the reason (refused by the target, missing from the
 *                        bucket)
 * @param error           why the restore failed, when it did
 */
@Schema(name = "Restore")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreView(String id, String mailbox, String snapshot, Instant snapshotTime, String into,
                          Target target, List<String> selectedFolders, Integer selectedMessages, String state,
                          Instant requestedAt, Instant startedAt, Instant endedAt,
                          List<ImapRestorer.FolderReport> folders, long appended, long alreadyPresent,
                          List<ImapRestorer.Skipped> skipped, String error) {

    /** The target account, without its credentials; null for the mailbox's own account. */
    public record Target(String host, int port, Security security, String username) {
    }

    static RestoreView of(RestoreRecord record) {
        RestoreRecord.Target target = record.target();
        RestoreRecord.Progress progress = record.progress();
        return new RestoreView(record.id(), record.mailbox(), record.snapshot(), record.snapshotTime(),
                record.into(), target == null ? null : new Target(target.host(), target.port(), target.security(),
                target.username()), record.folders(), record.messages().isEmpty() ? null : record.messages().size(),
                record.state().name().toLowerCase(java.util.Locale.ROOT), record.requestedAt(), record.startedAt(),
                record.endedAt(), progress.folders(), progress.appended(), progress.alreadyPresent(),
                progress.skipped(), progress.error());
    }
}
