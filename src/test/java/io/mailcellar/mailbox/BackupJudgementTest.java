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
    private static final Duration LAG = Duration.ofMinutes(15);

    private final MailboxStatus polled = new MailboxStatus("mb", MailboxState.OK, null, null,
            new MailboxStatus.LastRun(STARTED, ENDED, "success", null, 3, List.of()), ENDED, 0, List.of(), List.of());

    @Test
    void okOnceTheArchiversReportTheLastRun() {
        assertThat(BackupJudgement.judge(polled, STARTED, ENDED.plusSeconds(5), LAG)).isEqualTo(polled);
        assertThat(BackupJudgement.judge(polled, STARTED.plusSeconds(900), ENDED.plusSeconds(5), LAG))
                .as("a later run archived holds this one too").isEqualTo(polled);
    }

    @Test
    void runningWhileTheLastRunIsArchivedAndArchiveFailingPastTheLagWarning() {
        MailboxStatus archiving = BackupJudgement.judge(polled, STARTED.minusSeconds(900), ENDED.plusSeconds(60), LAG);
        assertThat(archiving.state()).isEqualTo(MailboxState.RUNNING);
        assertThat(archiving.reason()).contains("being archived");

        MailboxStatus behind = BackupJudgement.judge(polled, null, ENDED.plus(LAG).plusSeconds(60), LAG);
        assertThat(behind.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(behind.reason()).startsWith("the last run's changes are not in a snapshot 16 minutes after it ended");
        assertThat(behind.lastRun()).isEqualTo(polled.lastRun());
    }

    @Test
    void aStatusThatIsNotOkIsLeftAsThePollersSaidIt() {
        MailboxStatus failing = new MailboxStatus("mb", MailboxState.AUTH_FAILED, "the server refused the password",
                null, polled.lastRun(), null, 2, List.of(), List.of());
        assertThat(BackupJudgement.judge(failing, null, ENDED.plus(LAG).plusSeconds(60), LAG)).isEqualTo(failing);
        MailboxStatus never = MailboxStatus.neverPolled("mb");
        assertThat(BackupJudgement.judge(never, null, ENDED, LAG)).isEqualTo(never);
    }
}
