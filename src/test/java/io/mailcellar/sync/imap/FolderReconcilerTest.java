package io.mailcellar.sync.imap;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.FolderDeleted;
import io.mailcellar.event.FolderRenamed;
import io.mailcellar.event.MailEvent;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.SyncCursor;
import io.mailcellar.sync.imap.command.RemoteFolder;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Created, deleted and renamed folders, from a cursor and what the server listed. */
class FolderReconcilerTest {

    private static final String MAILBOX = "11111111-0000-4000-8000-000000000001";

    private final Map<String, List<String>> serverContents = new HashMap<>();
    private final List<String> contentsAskedFor = new ArrayList<>();
    private final FolderReconciler reconciler = new FolderReconciler(MAILBOX, name -> {
        contentsAskedFor.add(name);
        return serverContents.getOrDefault(name, List.of()).stream().sorted().toList();
    });

    @Test
    void aNewFolderIsCreatedWithAFreshCursorAndTheServersMailboxId() throws Exception {
        RemoteFolder work = folder("Work", 50, 1, 0);
        List<FolderReconciler.Commit> commits = reconciler.reconcile(SyncCursor.empty(MAILBOX), List.of(work),
                Set.of("Work"), Map.of("Work", "F-work"));

        assertThat(events(commits)).containsExactly(new FolderCreated(MAILBOX, "Work", 50, null, "/"));
        assertThat(last(commits).folder("Work")).contains(new FolderCursor(50, 1, 0, null, Map.of(), "F-work"));
    }

    @Test
    void aFolderGoneFromTheServerIsDeleted() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Old", cursor(7, 3, "a", "b"));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor, List.of(), Set.of(), Map.of());

        assertThat(events(commits)).containsExactly(new FolderDeleted(MAILBOX, "Old", 7));
        assertThat(last(commits).folders()).isEmpty();
    }

    @Test
    void aFolderListedButNoLongerSelectedKeepsItsCursorAndIsNotDeleted() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Junk", cursor(7, 3, "a"));

        assertThat(reconciler.reconcile(cursor, List.of(), Set.of("Junk"), Map.of())).isEmpty();
    }

    @Test
    void aRenameIsToldByTheServersMailboxIdFirst() throws Exception {
        FolderCursor old = cursor(7, 3, "a", "b").withServerMailboxId("F-1");
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Projects", old);
        // Another folder even has the old status; the MAILBOXID decides.
        List<RemoteFolder> listed = List.of(folder("Decoy", 7, 3, 2), folder("Projects 2026", 99, 40, 2));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor, listed,
                Set.of("Decoy", "Projects 2026"), Map.of("Projects 2026", "F-1", "Decoy", "F-2"));

        assertThat(events(commits)).containsExactly(
                new FolderRenamed(MAILBOX, "Projects", "Projects 2026", 99, "mailboxid"),
                new FolderCreated(MAILBOX, "Decoy", 7, null, "/"));
        assertThat(last(commits).folder("Projects 2026")).contains(old);
        assertThat(last(commits).folder("Projects")).isEmpty();
        assertThat(contentsAskedFor).isEmpty();
    }

    @Test
    void withoutMailboxIdsARenameIsToldByTheSameUidValidityAndUidNext() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Old", cursor(7, 3, "a", "b"));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor,
                List.of(folder("Other", 8, 3, 2), folder("New", 7, 3, 2)), Set.of("Other", "New"), Map.of());

        assertThat(events(commits)).containsExactly(new FolderRenamed(MAILBOX, "Old", "New", 7, "status"),
                new FolderCreated(MAILBOX, "Other", 8, null, "/"));
        assertThat(contentsAskedFor).isEmpty();
    }

    @Test
    void whenTheStatusIsNoProofARenameIsToldByTheSameMessages() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Old", cursor(7, 3, "a", "b"));
        // Moved by a client that copies: new UIDVALIDITY, new UIDs, same bytes.
        serverContents.put("Copy", List.of(sha("b"), sha("a")));
        serverContents.put("Same size", List.of(sha("a"), sha("c")));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor,
                List.of(folder("Same size", 30, 3, 2), folder("Bigger", 31, 9, 8), folder("Copy", 32, 3, 2)),
                Set.of("Same size", "Bigger", "Copy"), Map.of());

        assertThat(events(commits)).first().isEqualTo(new FolderRenamed(MAILBOX, "Old", "Copy", 32, "content"));
        assertThat(contentsAskedFor).as("only folders with as many messages are read, each once")
                .containsExactly("Same size", "Copy");
        assertThat(last(commits).folder("Copy")).contains(cursor(7, 3, "a", "b"));
    }

    @Test
    void twoVanishedFoldersReadEachCandidatesContentOnce() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("A", cursor(7, 3, "a", "b")).with("B", cursor(8, 3, "c", "d"));
        serverContents.put("B2", List.of(sha("c"), sha("d")));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor, List.of(folder("B2", 40, 3, 2)),
                Set.of("B2"), Map.of());

        assertThat(events(commits)).as("renames first, then deletions").containsExactly(
                new FolderRenamed(MAILBOX, "B", "B2", 40, "content"), new FolderDeleted(MAILBOX, "A", 7));
        assertThat(contentsAskedFor).containsExactly("B2");
    }

    @Test
    void anEmptyFolderThatVanishedWithoutAProofIsDeletedNotGuessed() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Empty", cursor(7, 1));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor,
                List.of(folder("X", 8, 1, 0), folder("Y", 9, 1, 0)), Set.of("X", "Y"), Map.of());

        assertThat(events(commits)).containsExactly(new FolderDeleted(MAILBOX, "Empty", 7),
                new FolderCreated(MAILBOX, "X", 8, null, "/"), new FolderCreated(MAILBOX, "Y", 9, null, "/"));
        assertThat(contentsAskedFor).isEmpty();
    }

    @Test
    void oneCommitCarriesEveryFolderChangeAndTheCursorAfterThemAll() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Gone", cursor(1, 1)).with("Kept", cursor(2, 5, "k"));

        List<FolderReconciler.Commit> commits = reconciler.reconcile(cursor,
                List.of(folder("Kept", 2, 5, 1), folder("Fresh", 3, 1, 0), folder("Fresh 2", 4, 1, 0)),
                Set.of("Kept", "Fresh", "Fresh 2"), Map.of());

        assertThat(commits).as("one cursor save, however many folders changed").hasSize(1);
        assertThat(commits.get(0).events()).containsExactly(new FolderDeleted(MAILBOX, "Gone", 1),
                new FolderCreated(MAILBOX, "Fresh", 3, null, "/"), new FolderCreated(MAILBOX, "Fresh 2", 4, null, "/"));
        assertThat(new TreeMap<>(commits.get(0).next().folders()).keySet()).containsExactly("Fresh", "Fresh 2", "Kept");
    }

    @Test
    void nothingChangedIsNoCommit() throws Exception {
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("Kept", cursor(2, 5, "k"));

        assertThat(reconciler.reconcile(cursor, List.of(folder("Kept", 2, 5, 1)), Set.of("Kept"), Map.of()))
                .isEmpty();
    }

    private static List<MailEvent> events(List<FolderReconciler.Commit> commits) {
        return commits.stream().flatMap(commit -> commit.events().stream()).toList();
    }

    private static SyncCursor last(List<FolderReconciler.Commit> commits) {
        return commits.get(commits.size() - 1).next();
    }

    private static RemoteFolder folder(String name, long uidValidity, long uidNext, int messages) {
        return new RemoteFolder(name, '/', List.of("\\HasNoChildren"), uidValidity, uidNext, messages, 0);
    }

    private static FolderCursor cursor(long uidValidity, long uidNext, String... contents) {
        Map<Long, KnownMessage> known = new TreeMap<>();
        long uid = 1;
        for (String content : contents) {
            known.put(uid++, new KnownMessage(sha(content), List.of()));
        }
        return new FolderCursor(uidValidity, uidNext, 0, null, known);
    }

    static String sha(String content) {
        return Sha256.of(content.getBytes(StandardCharsets.UTF_8));
    }
}
