package io.mailcellar.archive.snapshot;

import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.FolderDeleted;
import io.mailcellar.event.FolderRenamed;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.UidValidityChanged;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A mailbox's tree as events build it, and what each snapshot of it stores anew. */
class MailboxTreeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Snapshot.Run RUN = new Snapshot.Run(T0, T0.plusSeconds(5), "success");

    private final MailboxTree tree = new MailboxTree();

    @Test
    void countsAMessageInTwoFoldersTwiceAsMembershipsAndOnceAsStoredObject() {
        tree.apply(new FolderCreated("mb", "INBOX", 7, null, "/"), MessageHeader.NONE, T0);
        tree.apply(new FolderCreated("mb", "Archiv/Größe", 9, "\\Archive", "/"), MessageHeader.NONE, T0);
        tree.apply(added("INBOX", 1, "a", 100, List.of("\\Seen", "$Important")), header("A"), T0);
        tree.apply(added("INBOX", 2, "b", 50, List.of()), header("B"), T0);
        tree.apply(added("Archiv/Größe", 1, "a", 100, List.of("\\Flagged")), header("A"), T0);

        Snapshot snapshot = draft(null).snapshot();

        assertThat(snapshot.counts()).isEqualTo(new Snapshot.Counts(2, 3, 250, 2, 150));
        Snapshot.Folder archive = snapshot.folders().get(0);
        assertThat(archive.name()).isEqualTo("Archiv/Größe");
        assertThat(archive.specialUse()).isEqualTo("\\Archive");
        assertThat(archive.uidValidity()).isEqualTo(9);
        assertThat(snapshot.folders().get(1).messages()).isEqualTo(2);
        TreeMessage first = tree.folders().get("INBOX").get(1);
        assertThat(first.flags()).containsExactly("\\Seen");
        assertThat(first.keywords()).containsExactly("$Important");
        assertThat(first.subject()).isEqualTo("A");
    }

    @Test
    void aNewMessageAfterASnapshotStoresOnlyItsPage() {
        for (long uid = 1; uid <= 1200; uid++) {
            tree.apply(added("INBOX", uid, "m" + uid, 10, List.of()), MessageHeader.NONE, T0);
        }
        SnapshotDraft first = draft(null);
        assertThat(first.newPages()).as("UIDs 1-511, 512-1023, 1024-1200").hasSize(3);
        first.committed();
        assertThat(tree.changed()).isFalse();

        tree.apply(added("INBOX", 1201, "new", 10, List.of()), MessageHeader.NONE, T0);
        SnapshotDraft second = draft(first.snapshot().id());

        assertThat(second.newPages()).hasSize(1);
        List<Snapshot.PageRef> before = first.snapshot().folders().get(0).pages();
        List<Snapshot.PageRef> after = second.snapshot().folders().get(0).pages();
        assertThat(after.subList(0, 2)).as("untouched pages keep their keys").isEqualTo(before.subList(0, 2));
        assertThat(after.get(2).key()).isEqualTo(second.newPages().get(0).key()).isNotEqualTo(before.get(2).key());
        assertThat(after.get(2).messages()).isEqualTo(178);
    }

    @Test
    void aRepeatedEventChangesNothing() {
        MessageAdded message = added("INBOX", 1, "a", 10, List.of());
        tree.apply(message, MessageHeader.NONE, T0);
        draft(null).committed();

        tree.apply(message, MessageHeader.NONE, T0);
        tree.apply(new MessageFlagsChanged("mb", "INBOX", 1, 1, "a", List.of(), List.of()), MessageHeader.NONE, T0);

        assertThat(tree.changed()).isFalse();
    }

    @Test
    void flagsExpungesDeletionsAndRenamesChangeTheTree() {
        tree.apply(added("INBOX", 1, "a", 10, List.of()), MessageHeader.NONE, T0);
        tree.apply(added("INBOX", 2, "b", 10, List.of()), MessageHeader.NONE, T0);
        tree.apply(added("Old", 5, "c", 10, List.of()), MessageHeader.NONE, T0);
        tree.apply(added("Gone", 1, "d", 10, List.of()), MessageHeader.NONE, T0);
        SnapshotDraft first = draft(null);
        first.committed();

        tree.apply(new MessageFlagsChanged("mb", "INBOX", 1, 1, "a", List.of(), List.of("\\Answered", "todo")),
                MessageHeader.NONE, T0);
        tree.apply(new MessageExpunged("mb", "INBOX", 1, 2, "b", null), MessageHeader.NONE, T0);
        tree.apply(new FolderRenamed("mb", "Old", "New", 1, "status"), MessageHeader.NONE, T0);
        tree.apply(new FolderDeleted("mb", "Gone", 1), MessageHeader.NONE, T0);
        SnapshotDraft second = draft(first.snapshot().id());

        assertThat(second.snapshot().folders()).extracting(Snapshot.Folder::name).containsExactly("INBOX", "New");
        assertThat(tree.folders().get("INBOX").get(1).keywords()).containsExactly("todo");
        assertThat(tree.folders().get("INBOX").get(2)).isNull();
        assertThat(second.newPages()).as("only INBOX's page: a renamed folder keeps its pages").hasSize(1);
        assertThat(second.snapshot().folders().get(1).pages())
                .isEqualTo(first.snapshot().folders().stream().filter(f -> f.name().equals("Old")).findFirst()
                        .orElseThrow().pages());
    }

    @Test
    void aNewUidValidityKeepsTheMessagesTheServerStillHasUnderTheirNewUids() {
        tree.apply(added("INBOX", 1, "a", 10, List.of()), MessageHeader.NONE, T0);
        tree.apply(added("INBOX", 2, "b", 10, List.of()), MessageHeader.NONE, T0);

        tree.apply(new UidValidityChanged("mb", "INBOX", 1, 2, Map.of(2L, 700L)), MessageHeader.NONE, T0);

        FolderTree inbox = tree.folders().get("INBOX");
        assertThat(inbox.uidValidity()).isEqualTo(2);
        assertThat(inbox.messageCount()).isEqualTo(1);
        assertThat(inbox.get(700).sha256()).isEqualTo("b");
    }

    @Test
    void pop3MessagesAreNumberedInTheOrderFirstSeenAndNamedByUidl() {
        Instant later = T0.plusSeconds(3600);
        tree.apply(pop3("zz", "a"), MessageHeader.NONE, T0);
        tree.apply(pop3("aa", "b"), MessageHeader.NONE, later);
        tree.apply(pop3("zz", "a"), MessageHeader.NONE, later);

        FolderTree inbox = tree.folders().get("INBOX");
        assertThat(inbox.get(1).uidl()).isEqualTo("zz");
        assertThat(inbox.get(1).firstSeen()).as("a repeated event keeps the first sighting").isEqualTo(T0);
        assertThat(inbox.get(2).uidl()).isEqualTo("aa");

        tree.apply(new MessageExpunged("mb", "INBOX", 0, 0, "a", "zz"), MessageHeader.NONE, later);
        tree.apply(pop3("new", "c"), MessageHeader.NONE, later);

        assertThat(inbox.get(1)).isNull();
        assertThat(inbox.get(3).uidl()).as("numbers are never reused").isEqualTo("new");
    }

    @Test
    void aPop3MessageMailcellarDeletedFromTheServerStaysMarkedAndAReusedUidlIsANewMessage() {
        tree.apply(pop3("zz", "a"), MessageHeader.NONE, T0);
        draft(null).committed();

        tree.apply(new MessageExpunged("mb", "INBOX", 0, 0, "a", "zz", true), MessageHeader.NONE, T0);

        FolderTree inbox = tree.folders().get("INBOX");
        assertThat(tree.changed()).isTrue();
        assertThat(inbox.get(1).sha256()).isEqualTo("a");
        assertThat(inbox.get(1).deletedFromServer()).isTrue();

        tree.apply(pop3("zz", "b"), MessageHeader.NONE, T0.plusSeconds(60));

        assertThat(inbox.get(1).sha256()).as("the deleted one is kept").isEqualTo("a");
        assertThat(inbox.get(2).sha256()).isEqualTo("b");
        assertThat(inbox.get(2).deletedFromServer()).isNull();
        assertThat(inbox.messageCount()).isEqualTo(2);
    }

    @Test
    void aRunSummaryGivesTheFoldersServerNameAndHighestModSeqAndOnlyAChangeCounts() {
        tree.apply(new FolderCreated("mb", "Größe", 7, null, "/"), MessageHeader.NONE, T0);
        draft(null).committed();
        SyncCompleted run = new SyncCompleted("mb", T0, T0, "success", null, 0, List.of(),
                Map.of("Größe", new SyncCompleted.FolderState("Gr&APYA3w-e", 12),
                        "Elsewhere", new SyncCompleted.FolderState("Elsewhere", 3)));

        tree.apply(run, MessageHeader.NONE, T0);

        assertThat(tree.changed()).isTrue();
        assertThat(tree.folders()).as("a folder the tree does not hold is not made up").containsOnlyKeys("Größe");
        assertThat(tree.folders().get("Größe").serverName()).isEqualTo("Gr&APYA3w-e");
        assertThat(tree.folders().get("Größe").highestModSeq()).isEqualTo(12);

        SnapshotDraft second = draft(null);
        second.committed();
        tree.apply(run, MessageHeader.NONE, T0);
        assertThat(tree.changed()).as("the same again").isFalse();

        MailboxTree read = MailboxTree.of(second.snapshot(), key -> {
            throw new AssertionError("an empty folder has no page");
        });
        assertThat(read.folders().get("Größe").serverName()).isEqualTo("Gr&APYA3w-e");
        assertThat(read.folders().get("Größe").highestModSeq()).isEqualTo(12);
    }

    @Test
    void aStoredSnapshotReadsBackAsTheSameTreeAndDraftsNoPage() {
        tree.apply(new FolderCreated("mb", "INBOX", 7, null, "."), MessageHeader.NONE, T0);
        for (long uid = 1; uid <= 600; uid++) {
            tree.apply(added("INBOX", uid, "m" + uid, uid, List.of("\\Seen")), header("S" + uid), T0);
        }
        tree.apply(pop3("u1", "p"), MessageHeader.NONE, T0);
        SnapshotDraft first = draft(null);
        Map<String, TreePage> stored = new HashMap<>();
        first.newPages().forEach(page -> stored.put(page.key(), SnapshotCodec.page(page.json())));
        Snapshot snapshot = SnapshotCodec.snapshot(SnapshotCodec.encode(first.snapshot()));

        MailboxTree read = MailboxTree.of(snapshot, stored::get);
        SnapshotDraft again = SnapshotDraft.of(read, "mb", T0.plusSeconds(60), snapshot.id(), false, RUN, null);

        assertThat(again.newPages()).isEmpty();
        assertThat(again.snapshot().folders()).isEqualTo(first.snapshot().folders());
        assertThat(read.folders().get("INBOX").get(600).subject()).isEqualTo("S600");
        assertThat(read.changed()).isFalse();
    }

    private SnapshotDraft draft(String previous) {
        return SnapshotDraft.of(tree, "mb", T0.plusSeconds(10), previous, false, RUN,
                new Snapshot.Covers("mail-events", 0, 42));
    }

    private static MessageHeader header(String subject) {
        return new MessageHeader("Alice <a@example.org>", subject, "Tue, 1 Dec 2026 09:00:00 +0000", "<" + subject + "@x>");
    }

    private static MessageAdded added(String folder, long uid, String sha, long size, List<String> flags) {
        return new MessageAdded("mb", folder, 1, uid, sha, size, flags, T0.minusSeconds(uid),
                new MessageContent.Inline(new byte[0]), null);
    }

    private static MessageAdded pop3(String uidl, String sha) {
        return new MessageAdded("mb", "INBOX", 0, 0, sha, 10, List.of(), null, new MessageContent.Inline(new byte[0]),
                uidl);
    }
}
