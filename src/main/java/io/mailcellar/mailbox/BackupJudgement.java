package io.mailcellar.mailbox;

import java.time.Duration;
import java.time.Instant;

/**
 * Whether a polled mailbox is backed up: a message is, once a committed
 * snapshot names it (docs/archive-format.md). So a status the pollers call
 * {@code ok} stays {@code ok} only once the archivers report a snapshot
 * that holds the last run; until then it is {@code running} (the run's
 * changes are being archived), and past {@code mailcellar.archive.lag-warning}
 * {@code archive-failing}: the changes wait in Kafka, unarchived.
 */
final class BackupJudgement {

    private BackupJudgement() {
    }

    /**
     * @param archived when the last run the archivers finished with started, or null for none
     */
    static MailboxStatus judge(MailboxStatus status, Instant archived, Instant now, Duration lagWarning) {
        MailboxStatus.LastRun run = status.lastRun();
        if (status.state() != MailboxState.OK || run == null || run.started() == null || run.ended() == null) {
            return status;
        }
        if (archived != null && !archived.isBefore(run.started())) {
            return status;
        }
        Duration waited = Duration.between(run.ended(), now);
        if (waited.compareTo(lagWarning) > 0) {
            return status.as(MailboxState.ARCHIVE_FAILING, "the last run's changes are not in a snapshot "
                    + minutes(waited) + " after it ended: the archivers are behind or cannot write to the bucket "
                    + "(their log says why); Kafka keeps the changes until they are archived");
        }
        return status.as(MailboxState.RUNNING, "the last run's changes are being archived; the mailbox is backed up "
                + "once its snapshot is written");
    }

    private static String minutes(Duration waited) {
        long minutes = waited.toMinutes();
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }
}
