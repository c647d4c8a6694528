package io.mailcellar.restore.prune;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * What a prune removed from one mailbox's archive, or with {@code dryRun}
 * what it would remove now.
 *
 * @param snapshotsRemoved      the ids of the snapshots outside the policy, newest first
 * @param messagesKept          the message objects the kept snapshots name (or that are kept for POP3)
 * @param keptDeletedFromServer messages no kept snapshot names, kept because mailcellar deleted them from the
 *                              POP3 server and the archive holds their only copy
 * @param bytesRemoved          messages, tree pages and snapshots together
 * @param note                  why nothing was removed, when a rule of prune held it back
 */
@Schema(name = "PruneReport")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PruneReport(String mailboxId, boolean dryRun, Instant started, Instant ended, int snapshotsKept,
                          List<String> snapshotsRemoved, long messagesKept, long keptDeletedFromServer,
                          long messagesRemoved, long messageBytesRemoved, long treePagesRemoved,
                          long treeBytesRemoved, long bytesRemoved, String note) {

    public PruneReport {
        snapshotsRemoved = List.copyOf(snapshotsRemoved);
    }

    /** Nothing removed, and why. */
    static PruneReport nothing(String mailboxId, boolean dryRun, Instant started, Instant ended, String note) {
        return new PruneReport(mailboxId, dryRun, started, ended, 0, List.of(), 0, 0, 0, 0, 0, 0, 0, note);
    }
}
