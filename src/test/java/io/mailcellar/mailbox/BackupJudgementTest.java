package io.mailcellar.mailbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** A polled mailbox is backed up once a snapshot holds its last run. */
class BackupJudgementTest {

    private static final Instant STARTED = Instant.parse("2026-12-03T10:00:00Z");
    private static final Instant ENDED = STARTED.plusSeconds(30);
    private static final Duration LAG_WARNING = Duration.ofMinutes(15);
    private static final BackupJudgement.Limits LAG = new BackupJudgement.Limits(LAG_WARNING, Duration.ofDays(30));

    private final MailboxStatus polled = new MailboxStatus("mb", MailboxState.OK, null, null,
            new MailboxStatus.LastRun(STARTED, ENDED, "success", null, 3, List.of()), ENDED, 0, List.of(), List.of());

    private static ArchiveReports.ArchiveReport report(Instant archived, ArchiveReports.ArchiveReport.Problem problem,
                                                       ArchiveReports.ArchiveReport.DeadLetters deadLetters) {
        return new ArchiveReports.ArchiveReport(1, "mb", null, archived, archived, problem, deadLetters, null);
    }

    @Test
    void aGapTheArchiversFoundIsArchiveFailingUntilALaterCheck() {
        Instant found = ENDED.plusSeconds(40);
        ArchiveReports.ArchiveReport gapped = new ArchiveReports.ArchiveReport(1, "mb", null, STARTED, found, null,
                null, new ArchiveReports.ArchiveReport.Gap("some of its changes were deleted by Kafka "
                + "(mailcellar.kafka.mail-events-retention) before an archiver stored them", found));
        MailboxStatus judged = BackupJudgement.judge(polled, gapped, found.plusSeconds(5), LAG);
        assertThat(judged.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(judged.reason()).isEqualTo("its snapshots may miss messages: some of its changes were deleted by "
                + "Kafka (mailcellar.kafka.mail-events-retention) before an archiver stored them. A check fetches "
                + "them again from the mail server: the next scheduled one (mailcellar.archive.check-interval), or "
                + "one now: POST /api/v1/mailboxes/mb/check");
        MailboxStatus.LastCheck before = new MailboxStatus.LastCheck(found.minusSeconds(1), false, 3, 0, 0, 0, 0);
        assertThat(BackupJudgement.judge(polled.withLastCheck(before), gapped, found.plusSeconds(5), LAG).state())
                .as("a check from before the gap").isEqualTo(MailboxState.ARCHIVE_FAILING);
        MailboxStatus.LastCheck after = new MailboxStatus.LastCheck(found.plusSeconds(60), false, 3, 3, 0, 3, 0);
        MailboxStatus checked = polled.withLastCheck(after);
        assertThat(BackupJudgement.judge(checked, gapped, found.plusSeconds(90), LAG)).isEqualTo(checked);
    }

    @Test
    void okOnceTheArchiversReportTheLastRun() {
        assertThat(BackupJudgement.judge(polled, report(STARTED, null, null),
                ENDED.plusSeconds(5), LAG)).isEqualTo(polled);
        assertThat(BackupJudgement.judge(polled, report(STARTED.plusSeconds(900), null, null),
                ENDED.plusSeconds(5), LAG))
                .as("a later run archived holds this one too").isEqualTo(polled);
    }

    @Test
    void runningWhileTheLastRunIsArchivedAndArchiveFailingPastTheLagWarning() {
        MailboxStatus archiving = BackupJudgement.judge(polled, report(STARTED.minusSeconds(900), null, null),
                ENDED.plusSeconds(60), LAG);
        assertThat(archiving.state()).isEqualTo(MailboxState.RUNNING);
        assertThat(archiving.reason()).contains("being archived");

        MailboxStatus behind = BackupJudgement.judge(polled, report(null, null, null),
                ENDED.plus(LAG_WARNING).plusSeconds(60), LAG);
        assertThat(behind.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(behind.reason()).startsWith("the last run's changes are not in a snapshot 16 minutes after it ended");
        assertThat(behind.lastRun()).isEqualTo(polled.lastRun());
    }

    @Test
    void changesWaitingPastHalfOfKafkasRetentionSaySo() {
        MailboxStatus atRisk = BackupJudgement.judge(polled, report(null, null, null),
                ENDED.plus(Duration.ofDays(16)), LAG);
        assertThat(atRisk.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(atRisk.reason()).startsWith("the last run's changes have waited 16 days unarchived, past half of "
                + "the 30 days Kafka keeps them (mailcellar.kafka.mail-events-retention)");
    }

    @Test
    void aRefusalAnArchiverReportsIsArchiveFailingAtOnceUntilItGoesStale() {
        ArchiveReports.ArchiveReport.Problem refused = new ArchiveReports.ArchiveReport.Problem(
                "the S3 key was refused (403 InvalidAccessKeyId)", ENDED, ENDED.plusSeconds(10));
        MailboxStatus now = BackupJudgement.judge(polled, report(STARTED, refused, null), ENDED.plusSeconds(20), LAG);
        assertThat(now.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(now.reason()).isEqualTo("the archive store refuses this mailbox's writes: the S3 key was refused "
                + "(403 InvalidAccessKeyId). The archivers keep its changes in Kafka and store them once it accepts "
                + "writes again");
        assertThat(BackupJudgement.judge(polled, report(STARTED, refused, null), ENDED.plusSeconds(10).plus(
                BackupJudgement.PROBLEM_FRESH), LAG)).as("a report no archiver repeated").isEqualTo(polled);
    }

    @Test
    void deadLettersAreArchiveFailingUntilReplayed() {
        ArchiveReports.ArchiveReport.DeadLetters two = new ArchiveReports.ArchiveReport.DeadLetters(2,
                "folder INBOX uid 7: the message is not at mailboxes/mb/messages/ab/ab.eml", ENDED);
        MailboxStatus judged = BackupJudgement.judge(polled, report(STARTED, null, two), ENDED.plusSeconds(5), LAG);
        assertThat(judged.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(judged.reason()).isEqualTo("2 changes of this mailbox could not be archived and wait in the "
                + "dead-letter topic (the last: folder INBOX uid 7: the message is not at mailboxes/mb/messages/ab/"
                + "ab.eml). Fix the cause, then replay them: POST /api/v1/admin/dead-letters/replay");
    }

    @Test
    void aStatusThatIsNotOkIsLeftAsThePollersSaidIt() {
        MailboxStatus failing = new MailboxStatus("mb", MailboxState.AUTH_FAILED, "the server refused the password",
                null, polled.lastRun(), null, 2, List.of(), List.of());
        assertThat(BackupJudgement.judge(failing, report(null, null, null),
                ENDED.plus(LAG_WARNING).plusSeconds(60), LAG))
                .isEqualTo(failing);
        MailboxStatus never = MailboxStatus.neverPolled("mb");
        assertThat(BackupJudgement.judge(never, report(null, null, null), ENDED, LAG)).isEqualTo(never);
    }
}
