package io.mailcellar.restore.prune;

import io.mailcellar.archive.Sha256;
import io.mailcellar.archive.snapshot.MessageHeader;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.testsupport.TestArchive;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrunerTest {

    private static final String MAILBOX = "mb-1";
    private static final Instant T1 = Instant.parse("2026-11-01T10:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-02T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
    private static final RetentionPolicy KEEP_LAST_1 = new RetentionPolicy(1, null, null, null);

    private final TestArchive archive = new TestArchive(MAILBOX);

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private Pruner pruner() {
        return new Pruner(archive.store, archive.layout, archive.catalog, Clock.fixed(NOW, ZoneOffset.UTC));
    }

    private void expunge(String folder, long uid, String sha256) {
        archive.tree().apply(new MessageExpunged(MAILBOX, folder, 7, uid, sha256, null), MessageHeader.NONE, T2);
    }

    /** Every page and message the snapshots left in the bucket name is still there. */
    private void assertSnapshotsWhole() {
        for (String id : archive.catalog.ids(MAILBOX)) {
            Snapshot snapshot = archive.catalog.snapshot(MAILBOX, id).orElseThrow();
            snapshot.folders().forEach(folder -> folder.pages().forEach(ref -> archive.catalog.page(MAILBOX, ref)
                    .messages().forEach(message -> assertThat(archive.store.objects)
                            .containsKey(archive.layout.messageKey(MAILBOX, message.sha256())))));
        }
    }

    @Test
    void keepLastOneRemovesTheOlderSnapshotAndWhatOnlyItNamed() {
        String kept = archive.imap("INBOX", 1, message("kept"), T1);
        byte[] goneBytes = message("deleted before the last snapshot");
        String gone = archive.imap("INBOX", 2, goneBytes, T1);
        Snapshot first = archive.snapshot(T1);
        expunge("INBOX", 2, gone);
        Snapshot second = archive.snapshot(T2);
        Map<String, byte[]> before = new HashMap<>(archive.store.objects);

        PruneReport dry = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, true);
        assertThat(dry.snapshotsRemoved()).containsExactly(first.id());
        assertThat(dry.messagesRemoved()).isEqualTo(1);
        assertThat(dry.messageBytesRemoved()).isEqualTo(goneBytes.length);
        assertThat(dry.treePagesRemoved()).isEqualTo(1);
        assertThat(dry.messagesKept()).isEqualTo(1);
        assertThat(archive.store.objects).as("a dry run removes nothing").isEqualTo(before);

        PruneReport done = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false);
        assertThat(done).usingRecursiveComparison().ignoringFields("dryRun").isEqualTo(dry);
        assertThat(archive.catalog.ids(MAILBOX)).containsExactly(second.id());
        assertThat(archive.store.objects).doesNotContainKey(archive.layout.messageKey(MAILBOX, gone))
                .containsKey(archive.layout.messageKey(MAILBOX, kept));
        assertSnapshotsWhole();
        assertThat(done.bytesRemoved()).isEqualTo(before.values().stream().mapToLong(b -> b.length).sum()
                - archive.store.objects.values().stream().mapToLong(b -> b.length).sum());

        PruneReport again = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false);
        assertThat(again.snapshotsRemoved()).isEmpty();
        assertThat(again.bytesRemoved()).isZero();
    }

    @Test
    void keepingEverythingRemovesOnlyWhatNoSnapshotNames() {
        archive.imap("INBOX", 1, message("named"), T1);
        archive.snapshot(T1);
        byte[] orphan = message("stored by a run whose snapshot never came");
        archive.store.place(archive.layout.messageKey(MAILBOX, Sha256.of(orphan)), orphan, T1);
        byte[] fresh = message("stored after the prune began");
        archive.store.place(archive.layout.messageKey(MAILBOX, Sha256.of(fresh)), fresh, NOW.plusSeconds(1));
        archive.store.place(archive.layout.messagesPrefix(MAILBOX) + "notes.txt", message("not a message"), T1);

        PruneReport report = pruner().prune(MAILBOX, RetentionPolicy.KEEP_ALL, Set.of(), true, false);

        assertThat(report.snapshotsRemoved()).isEmpty();
        assertThat(report.messagesRemoved()).isEqualTo(1);
        assertThat(archive.store.objects).doesNotContainKey(archive.layout.messageKey(MAILBOX, Sha256.of(orphan)))
                .containsKey(archive.layout.messageKey(MAILBOX, Sha256.of(fresh)))
                .containsKey(archive.layout.messagesPrefix(MAILBOX) + "notes.txt");
    }

    @Test
    void aSnapshotWrittenDuringThePruneKeepsTheOldObjectsItNames() {
        byte[] returning = message("deleted, then appended again during the prune");
        String sha256 = archive.imap("INBOX", 1, returning, T1);
        archive.snapshot(T1);
        expunge("INBOX", 1, sha256);
        archive.snapshot(T2);
        // The archiver's conditional PUT finds the old object, writes nothing, and commits a snapshot naming it
        // while the prune removes the older snapshots.
        archive.store.beforeDeleteAll = () -> {
            archive.tree().apply(new MessageAdded(MAILBOX, "INBOX", 7, 2, sha256, returning.length, List.of(),
                    NOW, new MessageContent.Inline(returning), null), MessageHeader.NONE, NOW);
            archive.snapshot(NOW.plusSeconds(5));
        };

        pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false);

        assertThat(archive.store.objects).containsKey(archive.layout.messageKey(MAILBOX, sha256));
        assertThat(archive.catalog.ids(MAILBOX)).hasSize(2);
        assertSnapshotsWhole();
    }

    @Test
    void aMessageMailcellarDeletedFromAPop3ServerSurvives() {
        String deleted = archive.pop3("uidl-1", message("only in the archive now"), T1);
        String left = archive.pop3("uidl-2", message("deleted by another client"), T1);
        archive.snapshot(T1);
        archive.tree().apply(new MessageExpunged(MAILBOX, "INBOX", 0, 0, deleted, "uidl-1", true),
                MessageHeader.NONE, T2);
        archive.tree().apply(new MessageExpunged(MAILBOX, "INBOX", 0, 0, left, "uidl-2"), MessageHeader.NONE, T2);
        archive.snapshot(T2);

        PruneReport report = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false);

        assertThat(report.messagesRemoved()).isEqualTo(1);
        assertThat(archive.store.objects).containsKey(archive.layout.messageKey(MAILBOX, deleted))
                .doesNotContainKey(archive.layout.messageKey(MAILBOX, left));
        assertSnapshotsWhole();
    }

    @Test
    void anUnreadablePageStopsThePruneBeforeItRemovesAnything() {
        archive.imap("INBOX", 1, message("one"), T1);
        archive.snapshot(T1);
        archive.imap("INBOX", 2, message("two"), T2);
        Snapshot second = archive.snapshot(T2);
        archive.store.objects.remove(archive.layout.mailboxKey(MAILBOX,
                second.folders().get(0).pages().get(0).key()));
        Map<String, byte[]> before = new HashMap<>(archive.store.objects);

        assertThatThrownBy(() -> pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not in the bucket");
        assertThat(archive.store.objects).isEqualTo(before);
    }

    @Test
    void aMailboxWithoutSnapshotsIsLeftAlone() {
        byte[] raw = message("archived, no snapshot yet");
        archive.store.place(archive.layout.messageKey(MAILBOX, Sha256.of(raw)), raw, T1);

        PruneReport report = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(), true, false);

        assertThat(report.note()).contains("no snapshot yet");
        assertThat(archive.store.objects).hasSize(1);
    }

    @Test
    void aSnapshotARestoreWaitsForIsKept() {
        String old = archive.imap("INBOX", 1, message("wanted back"), T1);
        Snapshot first = archive.snapshot(T1);
        expunge("INBOX", 1, old);
        archive.snapshot(T2);

        PruneReport report = pruner().prune(MAILBOX, KEEP_LAST_1, Set.of(first.id()), true, false);

        assertThat(report.snapshotsRemoved()).isEmpty();
        assertThat(archive.catalog.ids(MAILBOX)).contains(first.id());
        assertThat(archive.store.objects).containsKey(archive.layout.messageKey(MAILBOX, old));
    }
}
