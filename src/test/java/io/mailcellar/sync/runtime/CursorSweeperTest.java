package io.mailcellar.sync.runtime;

import io.mailcellar.sync.cursor.CursorStore;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.MemoryCursorTable;
import io.mailcellar.sync.cursor.Pop3Messages;
import io.mailcellar.sync.cursor.SyncCursor;
import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Which cursors a sweep removes: those of mailboxes this poller owns that stayed unregistered for two sweeps. */
class CursorSweeperTest {

    private static final String KEPT = "11111111-0000-4000-8000-000000000001";
    private static final String UNREGISTERED = "22222222-0000-4000-8000-000000000002";
    private static final String NOT_OURS = "33333333-0000-4000-8000-000000000003";

    private final MemoryCursorTable table = new MemoryCursorTable();
    private final CursorStore cursors = new CursorStore(table);
    private final Set<String> registered = new HashSet<>(Set.of(KEPT, UNREGISTERED, NOT_OURS));
    private boolean active = true;
    private final CursorSweeper sweeper = new CursorSweeper(cursors, () -> Set.copyOf(registered),
            id -> id.equals(NOT_OURS) ? Optional.empty() : Optional.of(MemoryCursorTable.FENCE), () -> active);

    CursorSweeperTest() {
        for (String id : registered) {
            cursors.save(cursor(id), MemoryCursorTable.FENCE);
        }
    }

    @Test
    void aCursorGoesAtTheSecondSweepItsMailboxIsMissingAt() {
        sweeper.sweep();
        assertThat(cursors.mailboxes()).as("all registered").containsExactlyInAnyOrder(KEPT, UNREGISTERED, NOT_OURS);

        registered.remove(UNREGISTERED);
        registered.remove(NOT_OURS);
        sweeper.sweep();
        assertThat(cursors.mailboxes()).as("missing once").containsExactlyInAnyOrder(KEPT, UNREGISTERED, NOT_OURS);

        sweeper.sweep();
        assertThat(cursors.mailboxes()).as("missing twice; another poller owns the third")
                .containsExactlyInAnyOrder(KEPT, NOT_OURS);
        assertThat(table.values.keySet()).noneMatch(key -> key.startsWith(UNREGISTERED));
    }

    @Test
    void aMailboxMissingOnlyAMomentKeepsItsCursor() {
        registered.remove(UNREGISTERED);
        sweeper.sweep();
        registered.add(UNREGISTERED);
        sweeper.sweep();
        registered.remove(UNREGISTERED);
        sweeper.sweep();

        assertThat(cursors.mailboxes()).as("never missing at two sweeps in a row").contains(UNREGISTERED);
    }

    @Test
    void aRemovalKafkaRefusedIsTriedAgainAtTheNextSweep() {
        registered.remove(UNREGISTERED);
        sweeper.sweep();
        table.failing = true;
        sweeper.sweep();
        assertThat(cursors.mailboxes()).contains(UNREGISTERED);

        table.failing = false;
        sweeper.sweep();
        assertThat(cursors.mailboxes()).doesNotContain(UNREGISTERED);
    }

    @Test
    void nothingIsSweptWhileThePollerIsNotReady() {
        active = false;
        registered.clear();
        sweeper.sweep();
        sweeper.sweep();

        assertThat(cursors.mailboxes()).containsExactlyInAnyOrder(KEPT, UNREGISTERED, NOT_OURS);
    }

    private static SyncCursor cursor(String mailboxId) {
        FolderCursor inbox = new FolderCursor(9, 3, 1, null,
                Map.of(1L, new KnownMessage("a".repeat(64), java.util.List.of()),
                        2L, new KnownMessage("b".repeat(64), java.util.List.of())), null);
        return new SyncCursor(mailboxId, Map.of("INBOX", inbox), Pop3Messages.empty(), false);
    }
}
