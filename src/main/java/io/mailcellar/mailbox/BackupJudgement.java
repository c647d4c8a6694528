package io.mailcellar.mailbox;

import io.mailcellar.app.DurationWords;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a polled mailbox is backed up: a message is, once a committed
 * snapshot names it (docs/archive-format.md). So a status the pollers call
 * {@code ok} stays {@code ok} only once the archivers report a snapshot
 * that holds the last run; until then it is {@code running} (the run's
 * changes are being archived), and past {@code mailcellar.archive.lag-warning}
 * {@code archive-failing}: the changes wait in Kafka, unarchived. So it is
 * at once when an archiver reports that the store refuses the mailbox's
 * writes (a revoked key, a missing bucket), with the reason.
 */
final class BackupJudgement {

    private BackupJudgement() {
    }

    /**
     * An archiver repeats a refusal's report every minute while it lasts; one not repeated for this long is
     * over, or its archiver gone, and the lag says the rest.
     */
    static final Duration PROBLEM_FRESH = Duration.ofMinutes(5);

    /**
     * @param report what the archivers last reported of the mailbox (the last run they finished with, a refusal,
     *               dead letters), or null for nothing
     */
    static MailboxStatus judge(MailboxStatus status, ArchiveReports.ArchiveReport report, Instant now, Limits limits) {
        if (status.state() != MailboxState.OK) {
            return status;
        }
        Instant archived = report == null ? null : report.lastRunStarted();
        ArchiveReports.ArchiveReport.Problem problem = report == null ? null : report.problem();
        ArchiveReports.ArchiveReport.DeadLetters deadLetters = report == null ? null : report.deadLetters();
        if (problem != null && problem.reportedAt() != null && now.isBefore(problem.reportedAt().plus(PROBLEM_FRESH))) {
            return status.as(MailboxState.ARCHIVE_FAILING, "the archive store refuses this mailbox's writes: "
                    + problem.reason() + ". The archivers keep its changes in Kafka and store them once it accepts "
                    + "writes again");
        }
        if (deadLetters != null && deadLetters.count() > 0) {
            return status.as(MailboxState.ARCHIVE_FAILING, (deadLetters.count() == 1 ? "1 change" : deadLetters.count()
                    + " changes") + " of this mailbox could not be archived and wait in the dead-letter topic (the "
                    + "last: " + deadLetters.lastReason() + "). Fix the cause, then replay them: "
                    + "POST /api/v1/admin/dead-letters/replay");
        }
        ArchiveReports.ArchiveReport.Gap gap = report == null ? null : report.gap();
        MailboxStatus.LastCheck check = status.lastCheck();
        if (gap != null && gap.at() != null && (check == null || check.at() == null || check.at().isBefore(gap.at()))) {
            return status.as(MailboxState.ARCHIVE_FAILING, "its snapshots may miss messages: " + gap.reason()
                    + ". A check fetches them again from the mail server: the next scheduled one "
                    + "(mailcellar.archive.check-interval), or one now: POST /api/v1/mailboxes/" + status.mailboxId()
                    + "/check");
        }
        MailboxStatus.LastRun run = status.lastRun();
        if (run == null || run.started() == null || run.ended() == null) {
            return status;
        }
        if (archived != null && !archived.isBefore(run.started())) {
            return status;
        }
        Duration waited = Duration.between(run.ended(), now);
        Duration retention = limits.eventRetention();
        if (waited.compareTo(retention.dividedBy(2)) >= 0) {
            return status.as(MailboxState.ARCHIVE_FAILING, "the last run's changes have waited " + DurationWords.of(waited)
                    + " unarchived, past half of the " + DurationWords.of(retention) + " Kafka keeps them "
                    + "(mailcellar.kafka.mail-events-retention): they must be archived before Kafka deletes them; "
                    + "the archivers' log says why they are not");
        }
        if (waited.compareTo(limits.lagWarning()) > 0) {
            return status.as(MailboxState.ARCHIVE_FAILING, "the last run's changes are not in a snapshot "
                    + DurationWords.of(waited) + " after it ended: the archivers are behind or cannot write to the "
                    + "bucket (their log says why); Kafka keeps the changes for " + DurationWords.of(retention));
        }
        return status.as(MailboxState.RUNNING, "the last run's changes are being archived; the mailbox is backed up "
                + "once its snapshot is written");
    }

    /**
     * @param lagWarning     how long a run's changes may wait for their snapshot ({@code mailcellar.archive.lag-warning})
     * @param eventRetention how long Kafka keeps them ({@code mailcellar.kafka.mail-events-retention})
     */
    record Limits(Duration lagWarning, Duration eventRetention) {
    }
}
