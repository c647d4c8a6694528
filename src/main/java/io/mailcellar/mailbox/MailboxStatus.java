package io.mailcellar.mailbox;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * How a mailbox's backup stands, as the poller last reported it (kept in the
 * compacted {@code mailbox-status} topic) and as {@code GET /status} shows it.
 *
 * @param state   {@code ok}, {@code failing}, {@code busy} (POP3 maildrop in use), or {@code never-polled}
 * @param lastRun the last poll, or null before the first one
 * @param folders the folders backed up, with how many messages the poller knows in each
 */
@Schema(name = "MailboxStatus")
public record MailboxStatus(String mailboxId, String state, LastRun lastRun, Instant lastSuccess,
                            int consecutiveFailures, List<FolderProgress> folders) {

    public MailboxStatus {
        folders = folders == null ? List.of() : List.copyOf(folders);
    }

    public static MailboxStatus neverPolled(String mailboxId) {
        return new MailboxStatus(mailboxId, "never-polled", null, null, 0, List.of());
    }

    /** One poll: when, how it ended, what it found, and what the owner should know. */
    @Schema(name = "MailboxLastRun")
    public record LastRun(Instant started, Instant ended, String outcome, String error, int messagesAdded,
                          List<String> notes) {

        public LastRun {
            notes = notes == null ? List.of() : List.copyOf(notes);
        }
    }

    /** A folder (for POP3, the maildrop as INBOX) and the messages known in it. */
    @Schema(name = "MailboxFolderProgress")
    public record FolderProgress(String folder, String specialUse, int messages) {
    }
}
