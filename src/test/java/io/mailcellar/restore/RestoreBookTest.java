package io.mailcellar.restore;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RestoreBookTest {

    private static final Instant CUTOFF = Instant.parse("2026-11-01T00:00:00Z");

    private static RestoreRecord record(String id, String mailbox, RestoreRecord.State state, Instant ended) {
        return new RestoreRecord(RestoreRecord.FORMAT, id, mailbox, "8203880769999-20261201T100030000Z",
                CUTOFF.minusSeconds(86_400 * 40), List.of(), List.of(), "", null, state,
                CUTOFF.minusSeconds(86_400 * 40), CUTOFF.minusSeconds(86_400 * 40), ended, null);
    }

    @Test
    void onlyRestoresEndedBeforeTheCutoffOfTheOwnedMailboxesAreForgotten() {
        List<RestoreRecord> records = List.of(
                record("old-ok", "mine", RestoreRecord.State.SUCCEEDED, CUTOFF.minusSeconds(1)),
                record("old-failed", "mine", RestoreRecord.State.FAILED, CUTOFF.minusSeconds(60)),
                record("recent", "mine", RestoreRecord.State.SUCCEEDED, CUTOFF.plusSeconds(1)),
                record("running", "mine", RestoreRecord.State.RUNNING, null),
                record("queued", "mine", RestoreRecord.State.QUEUED, null),
                record("other-poller", "theirs", RestoreRecord.State.SUCCEEDED, CUTOFF.minusSeconds(1)));

        assertThat(RestoreBook.endedBefore(records, CUTOFF, "mine"::equals))
                .containsExactly("old-failed", "old-ok");
    }
}
