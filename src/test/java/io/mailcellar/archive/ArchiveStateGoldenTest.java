package io.mailcellar.archive;

import io.mailcellar.kafka.StoredJson;
import io.mailcellar.mailbox.ArchiveReports;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The archive-state record, pinned, and read by the API's own record of it as the archivers wrote it. */
class ArchiveStateGoldenTest {

    @Test
    void archiveStateFormat() throws Exception {
        ArchiveState state = new ArchiveState(ArchiveState.FORMAT, "mb-1",
                new ArchiveState.LastSnapshot("8203880769999-20261201T100030000Z",
                        Instant.parse("2026-12-01T10:00:30Z"), false, 6, 8, 4096),
                Instant.parse("2026-12-01T10:00:00Z"), Instant.parse("2026-12-01T10:00:31Z"),
                new ArchiveState.Problem("the S3 key was refused (403 InvalidAccessKeyId)",
                        Instant.parse("2026-12-01T10:05:00Z"), Instant.parse("2026-12-01T10:06:00Z")),
                new ArchiveState.DeadLetters(2, "folder INBOX uid 7: message hashes to 0a64…, the event declares 842e…",
                        Instant.parse("2026-12-01T10:07:00Z")),
                new ArchiveState.Gap("some of its changes were deleted by Kafka "
                        + "(mailcellar.kafka.mail-events-retention) before an archiver stored them",
                        Instant.parse("2026-12-01T10:08:00Z")));

        String json = new String(StoredJson.mapper().writeValueAsBytes(state), StandardCharsets.UTF_8);

        GoldenFiles.assertWritten("archive-state.json", json);
        assertThat(StoredJson.mapper().readValue(GoldenFiles.read("archive-state.json"), ArchiveState.class))
                .isEqualTo(state);
        ArchiveReports.ArchiveReport report = StoredJson.mapper().readValue(json, ArchiveReports.ArchiveReport.class);
        assertThat(report.lastSnapshot().id()).isEqualTo(state.lastSnapshot().id());
        assertThat(report.lastSnapshot().messages()).isEqualTo(8);
        assertThat(report.lastRunStarted()).isEqualTo(state.lastRunStarted());
        assertThat(report.confirmedAt()).isEqualTo(state.confirmedAt());
        assertThat(report.problem().reason()).isEqualTo(state.problem().reason());
        assertThat(report.problem().reportedAt()).isEqualTo(state.problem().reportedAt());
        assertThat(report.deadLetters().count()).isEqualTo(2);
        assertThat(report.deadLetters().lastReason()).isEqualTo(state.deadLetters().lastReason());
        assertThat(report.gap().reason()).isEqualTo(state.gap().reason());
        assertThat(report.gap().at()).isEqualTo(state.gap().at());
    }
}
