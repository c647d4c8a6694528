package io.mailcellar.archive.snapshot;

import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The snapshot and tree-page formats of docs/archive-format.md, pinned to the byte. */
class SnapshotGoldenTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void snapshotAndTreePageFormats() {
        MailboxTree tree = new MailboxTree();
        tree.apply(new FolderCreated("mb-1", "Projekte/Größe", 1700000000, "\\Archive", "/"), MessageHeader.NONE, T0);
        tree.apply(new MessageAdded("mb-1", "Projekte/Größe", 1700000000, 42, "a".repeat(64), 1234,
                List.of("\\Seen", "$Label1"), T0.minusSeconds(86400), new MessageContent.Inline(new byte[0]), null),
                new MessageHeader("Jürgen <j@example.org>", "Grüße", "Mon, 30 Nov 2026 10:00:00 +0000",
                        "<1@example.org>"), T0);
        tree.apply(new MessageAdded("mb-1", "INBOX", 0, 0, "b".repeat(64), 99, List.of(), null,
                new MessageContent.Inline(new byte[0]), "UID-17"), MessageHeader.NONE, T0);
        tree.apply(new MessageAdded("mb-1", "INBOX", 0, 0, "c".repeat(64), 120, List.of(), null,
                new MessageContent.Inline(new byte[0]), "UID-18"), MessageHeader.NONE, T0);
        tree.apply(new MessageExpunged("mb-1", "INBOX", 0, 0, "c".repeat(64), "UID-18", true), MessageHeader.NONE,
                T0.plusSeconds(10));
        tree.apply(new SyncCompleted("mb-1", T0, T0.plusSeconds(30), "failure", "cut short", 2, List.of(),
                Map.of("Projekte/Größe", new SyncCompleted.FolderState("Projekte/Gr&APYA3w-e", 4711))),
                MessageHeader.NONE, T0.plusSeconds(30));
        SnapshotDraft draft = SnapshotDraft.of(tree, "mb-1", T0.plusSeconds(30), "8235133599999-20261201T100000000Z",
                true, new Snapshot.Run(T0, T0.plusSeconds(30), "failure"),
                new Snapshot.Covers("mailcellar.mail-events", 3, 1234567));

        String page = new String(draft.newPages().get(1).json(), StandardCharsets.UTF_8);
        String snapshot = new String(SnapshotCodec.encode(draft.snapshot()), StandardCharsets.UTF_8);

        GoldenFiles.assertWritten("tree-page.json", page);
        GoldenFiles.assertWritten("tree-page-pop3.json", new String(draft.newPages().get(0).json(),
                StandardCharsets.UTF_8));
        GoldenFiles.assertWritten("snapshot.json", snapshot);
        assertThat(SnapshotCodec.snapshot(GoldenFiles.read("snapshot.json").getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(draft.snapshot());
        assertThat(SnapshotCodec.page(GoldenFiles.read("tree-page.json").getBytes(StandardCharsets.UTF_8)).messages())
                .containsExactly(tree.folders().get("Projekte/Größe").get(42));
    }
}
