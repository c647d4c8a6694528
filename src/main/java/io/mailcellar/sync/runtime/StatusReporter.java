package io.mailcellar.sync.runtime;

import io.mailcellar.app.LogText;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.StatusBoard;
import io.mailcellar.sync.cursor.CursorStore;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.SyncCursor;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Turns a run's outcome and the mailbox's cursor into the status the API shows. */
@ApplicationScoped
class StatusReporter {

    private static final Logger LOG = Logger.getLogger(StatusReporter.class);

    private final StatusBoard board;
    private final CursorStore cursors;
    private final MailboxMeters meters;

    StatusReporter(StatusBoard board, CursorStore cursors, MailboxMeters meters) {
        this.board = board;
        this.cursors = cursors;
        this.meters = meters;
    }

    /** The failed polls in a row the mailbox's last status counts (0 when none is known). */
    int consecutiveFailures(String mailboxId) {
        try {
            return board.find(mailboxId).map(MailboxStatus::consecutiveFailures).orElse(0);
        } catch (RuntimeException e) {
            // No status readable: back off as after a first failure rather than not poll.
            LOG.warnf("mailbox %s: could not read the last status: %s", mailboxId, LogText.of(e.getMessage()));
            return 0;
        }
    }

    /** When the mailbox's archive was last checked, as its status says; null for never (or unknown). */
    Instant lastCheckAt(String mailboxId) {
        try {
            return board.find(mailboxId).map(MailboxStatus::lastCheck).map(MailboxStatus.LastCheck::at).orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not read the last status: %s", mailboxId, LogText.of(e.getMessage()));
            return null;
        }
    }

    /** When the mailbox's archive was last pruned, as its status says; null for never (or unknown). */
    Instant lastPruneAt(String mailboxId) {
        try {
            return board.find(mailboxId).map(MailboxStatus::lastPrune).map(MailboxStatus.LastPrune::started)
                    .orElse(null);
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not read the last status: %s", mailboxId, LogText.of(e.getMessage()));
            return null;
        }
    }

    /** Adds the prune to the mailbox's status; the rest stays as the last run left it. */
    void reportPrune(String mailboxId, MailboxStatus.LastPrune prune) {
        try {
            board.put(board.find(mailboxId).orElseGet(() -> MailboxStatus.neverPolled(mailboxId))
                    .withLastPrune(prune));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not save the prune's report: %s", mailboxId, LogText.of(e.getMessage()));
        }
    }

    void report(RunOutcome outcome) {
        try {
            MailboxStatus previous = board.find(outcome.mailboxId())
                    .orElseGet(() -> MailboxStatus.neverPolled(outcome.mailboxId()));
            Instant lastSuccess = outcome.success() ? outcome.ended() : previous.lastSuccess();
            SyncCursor cursor = cursors.get(outcome.mailboxId());
            List<MailboxStatus.UnreadMessage> unread = unread(cursor);
            unread.addAll(outcome.leftOnServer());
            meters.record(outcome.mailboxId(), lastSuccess, outcome.consecutiveFailures(), unread.size());
            board.put(new MailboxStatus(outcome.mailboxId(), outcome.state(), outcome.reason(),
                    outcome.success() ? null : outcome.nextRun(),
                    new MailboxStatus.LastRun(outcome.started(), outcome.ended(), outcome.kind().wireName(),
                            outcome.error(), outcome.messagesAdded(), outcome.notes()),
                    lastSuccess, outcome.consecutiveFailures(), folders(cursor), unread)
                    .withLastCheck(outcome.check() != null ? outcome.check() : previous.lastCheck())
                    .withLastPrune(previous.lastPrune()));
        } catch (RuntimeException e) {
            // The run itself is done and acknowledged; only its report is late, and the next run writes a new one.
            LOG.warnf("mailbox %s: could not save the run status: %s", outcome.mailboxId(),
                    LogText.of(e.getMessage()));
        }
    }

    /**
     * Says that a poll has been under way since {@code started}: the rest of the status stays as the last run
     * left it. Written only for a run that lasts, so a quick run costs one status write, not two.
     */
    void reportRunning(String mailboxId, Instant started, int addedSoFar) {
        try {
            MailboxStatus previous = board.find(mailboxId).orElseGet(() -> MailboxStatus.neverPolled(mailboxId));
            SyncCursor cursor = cursors.get(mailboxId);
            List<MailboxStatus.UnreadMessage> unread = unread(cursor);
            // What the last run left on a POP3 server is still there as far as anyone knows.
            previous.unreadMessages().stream().filter(message -> message.uidl() != null).forEach(unread::add);
            board.put(new MailboxStatus(mailboxId, MailboxState.RUNNING, "a poll is under way since " + started
                    + (addedSoFar > 0 ? "; " + addedSoFar + " new messages so far" : ""), null, previous.lastRun(),
                    previous.lastSuccess(), previous.consecutiveFailures(), folders(cursor), unread)
                    .withLastCheck(previous.lastCheck()).withLastPrune(previous.lastPrune()));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not save that a poll is under way: %s", mailboxId,
                    LogText.of(e.getMessage()));
        }
    }

    private static List<MailboxStatus.UnreadMessage> unread(SyncCursor cursor) {
        List<MailboxStatus.UnreadMessage> unread = new ArrayList<>();
        new TreeMap<>(cursor.folders()).forEach((name, folder) -> folder.pending().forEach((uid, pending) ->
                unread.add(new MailboxStatus.UnreadMessage(name, uid, null, pending.reason(), pending.attempts(),
                        pending.size()))));
        return unread;
    }

    private static List<MailboxStatus.FolderProgress> folders(SyncCursor cursor) {
        List<MailboxStatus.FolderProgress> folders = new ArrayList<>();
        Map<String, FolderCursor> sorted = new TreeMap<>(cursor.folders());
        sorted.forEach((name, folder) ->
                folders.add(new MailboxStatus.FolderProgress(name, folder.specialUse(), folder.messages().size())));
        if (!cursor.pop3().isEmpty()) {
            folders.add(new MailboxStatus.FolderProgress(SyncCursor.POP3_FOLDER, null, cursor.pop3().size()));
        }
        return folders;
    }
}
