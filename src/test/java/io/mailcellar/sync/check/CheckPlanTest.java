package io.mailcellar.sync.check;

import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.KnownMessages;
import io.mailcellar.sync.cursor.Pop3Messages;
import io.mailcellar.sync.cursor.SyncCursor;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class CheckPlanTest {

    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);
    private static final String C = "c".repeat(64);
    private static final String D = "d".repeat(64);

    private static final SyncCursor CURSOR = SyncCursor.empty("mb")
            .with("INBOX", folder(Map.of(1L, known(A), 2L, known(B))))
            .with("Archive", folder(Map.of(7L, known(A), 8L, known(C))));

    @Test
    void allThereIsNothingToRead() {
        CheckPlan plan = CheckPlan.of(CURSOR, Set.of(A, B), Set.of(A, B, C), Set.of());
        assertThat(plan).isEqualTo(new CheckPlan(3, 0, 0, Map.of(), Map.of(), 0));
    }

    @Test
    void aMissingMessageIsReadOnceFromOnePlaceTheCursorKnows() {
        CheckPlan plan = CheckPlan.of(CURSOR, Set.of(), Set.of(B, C), Set.of());
        assertThat(plan.missing()).isEqualTo(1);
        assertThat(plan.toRead()).isEqualTo(Map.of("Archive", Map.of(7L, new CheckPlan.Repair(A, false))));
    }

    @Test
    void aDamagedObjectIsReadAgainToReplaceIt() {
        CheckPlan plan = CheckPlan.of(CURSOR, Set.of(), Set.of(A, B, C), Set.of(C));
        assertThat(plan.damaged()).isEqualTo(1);
        assertThat(plan.toRead()).isEqualTo(Map.of("Archive", Map.of(8L, new CheckPlan.Repair(C, true))));
        assertThat(plan.unrepairable()).isZero();
    }

    @Test
    void whatOnlyTheSnapshotNamesCannotBeRepaired() {
        CheckPlan plan = CheckPlan.of(CURSOR, Set.of(A, D), Set.of(A, B, C), Set.of());
        assertThat(plan.checked()).isEqualTo(4);
        assertThat(plan.missing()).isEqualTo(1);
        assertThat(plan.unrepairable()).isEqualTo(1);
        assertThat(plan.toRead()).isEmpty();
    }

    @Test
    void pop3MessagesAreReadAgainByUidl() {
        SyncCursor pop3 = SyncCursor.empty("mb").withPop3(Pop3Messages.of(Map.of("u1", known(A), "u2", known(B))),
                false);
        CheckPlan plan = CheckPlan.of(pop3, Set.of(), Set.of(A), Set.of());
        assertThat(plan.pop3ToRead()).isEqualTo(Map.of("u2", new CheckPlan.Repair(B, false)));
    }

    private static KnownMessage known(String sha) {
        return new KnownMessage(sha, List.of());
    }

    private static FolderCursor folder(Map<Long, KnownMessage> messages) {
        return new FolderCursor(1, 100, 0, null, KnownMessages.of(messages), null, Map.of());
    }
}
