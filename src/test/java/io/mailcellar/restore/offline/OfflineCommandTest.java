package io.mailcellar.restore.offline;

import io.mailcellar.restore.export.ExportFormat;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OfflineCommandTest {

    @Test
    void onlyTheOfflineCommandsAreTakenFromTheService() {
        assertThat(OfflineCommands.handles("export", "--mailbox", "x")).isTrue();
        assertThat(OfflineCommands.handles("mailboxes")).isTrue();
        assertThat(OfflineCommands.handles()).isFalse();
        assertThat(OfflineCommands.handles("-Dquarkus.http.port=1")).isFalse();
    }

    @Test
    void anExportLineIsParsed() {
        OfflineCommand.Export export = (OfflineCommand.Export) OfflineCommand.parse("export", "--mailbox", "mb-1",
                "--format", "mbox", "--out", "/tmp/out", "--at", "2026-12-01T10:00:00Z", "--folder", "INBOX",
                "--folder", "Projects/*");
        assertThat(export.mailbox()).isEqualTo("mb-1");
        assertThat(export.format()).isEqualTo(ExportFormat.MBOX);
        assertThat(export.out()).isEqualTo(Path.of("/tmp/out"));
        assertThat(export.at()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        assertThat(export.folders().patterns()).containsExactly("INBOX", "Projects/*");
        assertThat(OfflineCommand.parse("snapshots", "--mailbox", "mb-1"))
                .isEqualTo(new OfflineCommand.Snapshots("mb-1"));
        assertThat(OfflineCommand.parse("mailboxes")).isEqualTo(new OfflineCommand.Mailboxes());
    }

    @Test
    void mistakesAreSaidWithWhatToFix() {
        assertThatThrownBy(() -> OfflineCommand.parse("export", "--mailbox", "x", "--out", "d"))
                .hasMessage("--format is required");
        assertThatThrownBy(() -> OfflineCommand.parse("export", "--mailbox", "x", "--format", "pst", "--out", "d"))
                .hasMessage("--format must be maildir or mbox, not pst");
        assertThatThrownBy(() -> OfflineCommand.parse("export", "--mailbox", "x", "--format", "mbox", "--out", "d",
                "--at", "yesterday")).hasMessageContaining("--at must be an RFC 3339 time");
        assertThatThrownBy(() -> OfflineCommand.parse("snapshots")).hasMessage("--mailbox is required");
        assertThatThrownBy(() -> OfflineCommand.parse("snapshots", "--mailbox")).hasMessage("--mailbox needs a value");
        assertThatThrownBy(() -> OfflineCommand.parse("mailboxes", "--mailbox", "x"))
                .hasMessage("mailboxes takes no options");
        assertThatThrownBy(() -> OfflineCommand.parse("snapshots", "--mailbox", "x", "--bogus", "1"))
                .hasMessage("unknown option --bogus");
        assertThatThrownBy(() -> OfflineCommand.parse("export", "--mailbox", "x", "--format", "mbox", "--out", "d",
                "--folder", "")).hasMessageContaining("a folder pattern has 1 to 256 characters");
    }

    @Test
    void aCommandLineMistakeExitsWithTwoAndTheUsage() {
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        int code = OfflineCommands.run(new String[]{"snapshots"}, System.out, new java.io.PrintStream(err));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).startsWith("mailcellar: --mailbox is required").contains("usage:");
        assertThat(List.of(OfflineCommand.USAGE.split("\n"))).anyMatch(line -> line.contains("export --mailbox ID"));
    }
}
