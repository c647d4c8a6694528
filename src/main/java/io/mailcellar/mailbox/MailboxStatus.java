package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * How a mailbox's backup stands, as the poller last reported it (kept in the
 * compacted {@code mailbox-status} topic) and as {@code GET /status} shows it.
 *
 * @param state          one word a program can act on ({@link MailboxState})
 * @param reason         what is wrong, in words for a person; null when the state is {@code ok}
 * @param retryAt        when the next poll comes after a failure; null when none is waiting
 * @param lastRun        the last poll, or null before the first one
 * @param folders        the folders backed up, with how many messages the poller knows in each
 * @param unreadMessages messages the server has but the poller could not read yet; each is tried again every run
 * @param lastSnapshot   the newest snapshot, as the archivers report it (joined in by the API)
 * @param lastCheck      the last check of the archive against the cursors and the newest snapshot, or null
 */
@Schema(name = "MailboxStatus")
public record MailboxStatus(String mailboxId, MailboxState state, String reason, Instant retryAt, LastRun lastRun,
                            Instant lastSuccess, int consecutiveFailures, List<FolderProgress> folders,
                            List<UnreadMessage> unreadMessages,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LastSnapshot lastSnapshot,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LastCheck lastCheck,
                            @JsonInclude(JsonInclude.Include.NON_NULL) LastPrune lastPrune) {

    public MailboxStatus {
        folders = folders == null ? List.of() : List.copyOf(folders);
        unreadMessages = unreadMessages == null ? List.of() : List.copyOf(unreadMessages);
    }

    /** A poller's status: the archivers' side ({@code lastSnapshot}) is joined in by the API. */
    public MailboxStatus(String mailboxId, MailboxState state, String reason, Instant retryAt, LastRun lastRun,
                         Instant lastSuccess, int consecutiveFailures, List<FolderProgress> folders,
                         List<UnreadMessage> unreadMessages) {
        this(mailboxId, state, reason, retryAt, lastRun, lastSuccess, consecutiveFailures, folders, unreadMessages,
                null, null, null);
    }

    /** The same status in another state, for another reason. */
    MailboxStatus as(MailboxState newState, String newReason) {
        return new MailboxStatus(mailboxId, newState, newReason, retryAt, lastRun, lastSuccess, consecutiveFailures,
                folders, unreadMessages, lastSnapshot, lastCheck, lastPrune);
    }

    /** The same status with the mailbox's newest snapshot, as the archivers last reported it. */
    public MailboxStatus withLastSnapshot(LastSnapshot snapshot) {
        return new MailboxStatus(mailboxId, state, reason, retryAt, lastRun, lastSuccess, consecutiveFailures,
                folders, unreadMessages, snapshot, lastCheck, lastPrune);
    }

    /** The same status with the last check of the archive. */
    public MailboxStatus withLastCheck(LastCheck check) {
        return new MailboxStatus(mailboxId, state, reason, retryAt, lastRun, lastSuccess, consecutiveFailures,
                folders, unreadMessages, lastSnapshot, check, lastPrune);
    }

    /** The same status with the last prune of the archive. */
    public MailboxStatus withLastPrune(LastPrune prune) {
        return new MailboxStatus(mailboxId, state, reason, retryAt, lastRun, lastSuccess, consecutiveFailures,
                folders, unreadMessages, lastSnapshot, lastCheck, prune);
    }

    /**
     * The last prune of the archive ({@code POST /api/v1/mailboxes/{id}/prune}, and every
     * {@code mailcellar.prune.interval} for a mailbox with a retention policy).
     *
     * @param snapshotsRemoved      snapshots outside the policy, removed
     * @param messagesRemoved       message objects no kept snapshot named, removed
     * @param bytesRemoved          messages, tree pages and snapshots together
     * @param keptDeletedFromServer messages kept only because mailcellar deleted them from the POP3 server
     * @param error                 why it stopped, when it did; what it removed before stays removed
     */
    @Schema(name = "MailboxLastPrune")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LastPrune(Instant started, Instant ended, int snapshotsKept, int snapshotsRemoved,
                            long messagesRemoved, long treePagesRemoved, long bytesRemoved,
                            long keptDeletedFromServer, String error) {
    }

    /**
     * A check of the archive ({@code POST /api/v1/mailboxes/{id}/check}, and every
     * {@code mailcellar.archive.check-interval}): the messages the cursors and the newest snapshot name, compared
     * with the objects in the bucket by listing them (and with {@code readData}, by reading and hashing each).
     *
     * @param checked      distinct messages compared
     * @param missing      of those, not in the bucket, or named by the cursor but not by the newest snapshot
     * @param damaged      in the bucket, but their bytes do not hash to their name ({@code readData} only)
     * @param repaired     missing or damaged ones read again from the server and archived
     * @param unrepairable missing or damaged ones the server no longer has (or has with other bytes)
     */
    @Schema(name = "MailboxLastCheck")
    public record LastCheck(Instant at, boolean readData, int checked, int missing, int damaged, int repaired,
                            int unrepairable) {
    }

    /**
     * The newest snapshot in the bucket: a message is backed up once a snapshot names it. {@code confirmedAt}
     * is when the archivers last wrote it or found it current after a run that changed nothing.
     */
    @Schema(name = "MailboxLastSnapshot")
    public record LastSnapshot(String id, Instant time, boolean partial, int folders, long messages, long bytes,
                               Instant confirmedAt) {
    }

    public static MailboxStatus neverPolled(String mailboxId) {
        return new MailboxStatus(mailboxId, MailboxState.NEVER_POLLED, "not polled yet", null, null, null, 0,
                List.of(), List.of());
    }

    /** The same status, for a mailbox whose polling is switched off. */
    public MailboxStatus disabled() {
        return new MailboxStatus(mailboxId, MailboxState.DISABLED, "polling is switched off for this mailbox", null,
                lastRun, lastSuccess, consecutiveFailures, folders, unreadMessages, lastSnapshot, lastCheck, lastPrune);
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

    /**
     * A message not backed up yet: where it is, why, and how many runs tried it (size -1: unknown). An IMAP
     * message is named by its {@code uid}; a POP3 one by its {@code uidl} (uid 0), the UIDL its server gives it.
     */
    @Schema(name = "MailboxUnreadMessage")
    public record UnreadMessage(String folder, long uid, String uidl, String reason, int attempts, long size) {
    }
}
