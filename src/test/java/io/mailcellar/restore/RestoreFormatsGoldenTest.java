package io.mailcellar.restore;

import io.mailcellar.kafka.StoredJson;
import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Security;
import io.mailcellar.restore.imap.ImapRestorer;
import io.mailcellar.restore.imap.JournalEntry;
import io.mailcellar.restore.imap.JournalPage;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The restore record of the {@code restores} topic and the restore journal pages of the bucket, pinned. */
class RestoreFormatsGoldenTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void restoreRecordFormat() throws Exception {
        RestoreRecord record = new RestoreRecord(RestoreRecord.FORMAT, "r-1", "mb-1",
                "8203880769999-20261201T100030000Z", T, List.of("INBOX", "Projects/*"), List.of("a".repeat(64)),
                "Restored/2026-12-01T10:00:00Z", new RestoreRecord.Target("imap.example.com", 993, Security.TLS,
                "bob@example.com", new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.c2VhbGVk")),
                RestoreRecord.State.RUNNING, T.plusSeconds(5), T.plusSeconds(6), null,
                new RestoreRecord.Progress(List.of(new ImapRestorer.FolderReport("INBOX",
                        "Restored/2026-12-01T10:00:00Z/INBOX", 10, 2, 1)), 10, 2,
                        List.of(new ImapRestorer.Skipped("INBOX", "b".repeat(64),
                                "the target refused it: [LIMIT] message too large")), null));

        String json = new String(StoredJson.mapper().writeValueAsBytes(record), StandardCharsets.UTF_8);

        GoldenFiles.assertWritten("restore-record.json", json);
        assertThat(StoredJson.mapper().readValue(GoldenFiles.read("restore-record.json"), RestoreRecord.class))
                .isEqualTo(record);
    }

    @Test
    void restoreJournalPageFormat() throws Exception {
        JournalPage page = new JournalPage(JournalPage.FORMAT, "r-1", T, List.of(
                new JournalEntry("INBOX", "a".repeat(64), 1, 1700000000L, 42L),
                new JournalEntry("INBOX", "a".repeat(64), 2, null, null)));

        String json = new String(StoredJson.mapper().writeValueAsBytes(page), StandardCharsets.UTF_8);

        GoldenFiles.assertWritten("restore-journal-page.json", json);
        assertThat(StoredJson.mapper().readValue(GoldenFiles.read("restore-journal-page.json"), JournalPage.class))
                .isEqualTo(page);
    }
}
