package io.mailcellar.web;

import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.RestoreView;
import io.mailcellar.restore.imap.ImapRestorer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreProgressTest {

    private static final List<FolderSummary> FOLDERS = List.of(
            new FolderSummary("INBOX", "/", null, 1, 40, 4000),
            new FolderSummary("Projects/a", "/", null, 1, 50, 5000),
            new FolderSummary("Sent", "/", null, 1, 10, 1000));

    private static RestoreView restore(String state, List<String> selected, List<ImapRestorer.FolderReport> done) {
        return new RestoreView("r", "m", "s", Instant.EPOCH, "Restored", null, selected, null, state, Instant.EPOCH,
                null, null, done, 0, 0, List.of(), null);
    }

    @Test
    void theTotalIsTheSnapshotsMessagesInTheFoldersChosen() {
        RestoreProgress all = RestoreProgress.of(restore("running", null,
                List.of(new ImapRestorer.FolderReport("INBOX", "Restored/INBOX", 30, 5, 5))), FOLDERS);
        assertThat(all.total()).isEqualTo(100);
        assertThat(all.done()).isEqualTo(40);
        assertThat(all.percent()).isEqualTo(40);
        assertThat(all.ended()).isFalse();

        RestoreProgress some = RestoreProgress.of(restore("queued", List.of("Projects/*"), null), FOLDERS);
        assertThat(some.total()).isEqualTo(50);
        assertThat(some.percent()).isZero();
        assertThat(some.stateWords()).isEqualTo("Waiting for the poller that owns the mailbox");
    }

    @Test
    void anEndedRestoreIsWholeOrSaysItFailed() {
        assertThat(RestoreProgress.of(restore("succeeded", null, List.of()), List.of()).percent()).isEqualTo(100);
        RestoreProgress failed = RestoreProgress.of(restore("failed", null, List.of()), FOLDERS);
        assertThat(failed.ended()).isTrue();
        assertThat(failed.percent()).isZero();
        assertThat(failed.stateWords()).isEqualTo("Failed");
    }
}
