package io.mailcellar.testsupport;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.Sha256;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.MailboxTree;
import io.mailcellar.archive.snapshot.MessageHeader;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import io.mailcellar.archive.snapshot.SnapshotDraft;
import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;

import java.time.Instant;
import java.util.List;

/**
 * A mailbox's archive in a {@link MemoryObjectStore}, written as the
 * archiver writes it: message objects, tree pages and snapshots.
 */
public final class TestArchive {

    public final MemoryObjectStore store = new MemoryObjectStore();
    public final ArchiveLayout layout = new ArchiveLayout("");
    public final SnapshotCatalog catalog = new SnapshotCatalog(store, layout);
    private final String mailboxId;
    private final MailboxTree tree = new MailboxTree();
    private String previous;

    public TestArchive(String mailboxId) {
        this.mailboxId = mailboxId;
    }

    public TestArchive folder(String name, String delimiter, String specialUse) {
        tree.apply(new FolderCreated(mailboxId, name, 7, specialUse, delimiter), MessageHeader.NONE, Instant.EPOCH);
        return this;
    }

    /** An IMAP message, stored in the bucket; answers its SHA-256. */
    public String imap(String folder, long uid, byte[] raw, Instant internalDate, String... flags) {
        String sha256 = Sha256.of(raw);
        store.place(layout.messageKey(mailboxId, sha256), raw, internalDate);
        tree.apply(new MessageAdded(mailboxId, folder, 7, uid, sha256, raw.length, List.of(flags), internalDate,
                new MessageContent.Inline(raw), null), MessageHeader.of(raw, 0, raw.length), internalDate);
        return sha256;
    }

    /** A POP3 message first seen at {@code seen}, stored in the bucket; answers its SHA-256. */
    public String pop3(String uidl, byte[] raw, Instant seen) {
        String sha256 = Sha256.of(raw);
        store.place(layout.messageKey(mailboxId, sha256), raw, seen);
        tree.apply(new MessageAdded(mailboxId, "INBOX", 0, 0, sha256, raw.length, List.of(), null,
                new MessageContent.Inline(raw), uidl), MessageHeader.of(raw, 0, raw.length), seen);
        return sha256;
    }

    /** Stores a snapshot of the tree as it is now. */
    public Snapshot snapshot(Instant time) {
        SnapshotDraft draft = SnapshotDraft.of(tree, mailboxId, time, previous, false,
                new Snapshot.Run(time, time, "success"), new Snapshot.Covers("mail-events", 0, 0));
        for (SnapshotDraft.NewPage page : draft.newPages()) {
            store.place(layout.mailboxKey(mailboxId, page.key()), page.json(), time);
        }
        store.place(layout.snapshotKey(mailboxId, draft.snapshot().id()), SnapshotCodec.encode(draft.snapshot()),
                time);
        draft.committed();
        previous = draft.snapshot().id();
        return draft.snapshot();
    }

    public MailboxTree tree() {
        return tree;
    }
}
