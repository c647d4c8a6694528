package io.mailcellar.restore.prune;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotIds;
import io.mailcellar.archive.snapshot.TreeMessage;
import io.mailcellar.archive.snapshot.TreePage;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies a retention policy to one mailbox's archive, in restic's order:
 * the snapshots outside the policy go first, then the tree pages and message
 * objects that no remaining snapshot names. The newest snapshot is always
 * kept, so what the next run builds on is never touched.
 *
 * <p>It does not know what a sync in flight may still name: the caller runs it
 * where none can be ({@code sync.runtime.PruneRuns} runs it in a poll's place
 * once the archivers stored the last run). Two rules guard the rest: an
 * object written after the prune began is never removed, and a snapshot
 * written meanwhile keeps what it names. A snapshot or page this version
 * cannot read stops the prune before it removes anything.
 */
@ApplicationScoped
public class Pruner {

    private static final Logger LOG = Logger.getLogger(Pruner.class);

    private final ObjectStore store;
    private final ArchiveLayout layout;
    private final SnapshotCatalog catalog;
    private final Clock clock;

    @Inject
    public Pruner(ObjectStore store, ArchiveLayout layout, SnapshotCatalog catalog, Clock clock) {
        this.store = store;
        this.layout = layout;
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * Prunes a registered mailbox's archive by its retention policy, or with {@code dryRun} says what it would
     * remove. The messages mailcellar deleted from a POP3 server are kept unless the policy names them.
     *
     * @param alsoKeep snapshots kept whatever the policy says (those a restore waits to read)
     * @throws IllegalArgumentException a snapshot or tree page is missing or unreadable; nothing was removed
     */
    public PruneReport prune(Mailbox mailbox, Set<String> alsoKeep, boolean dryRun) {
        boolean keepDeleted = mailbox.protocol() == Protocol.POP3
                && (mailbox.retention() == null || !mailbox.retention().prunesDeletedFromServer());
        return prune(mailbox.id(), RetentionPolicy.of(mailbox.retention()), alsoKeep, keepDeleted, dryRun);
    }

    /**
     * Prunes the mailbox's archive, or with {@code dryRun} says what it would remove.
     *
     * @param alsoKeep              snapshots kept whatever the policy says
     * @param keepDeletedFromServer keep the messages mailcellar deleted from a POP3 server even when no kept
     *                              snapshot names them
     * @throws IllegalArgumentException a snapshot or tree page is missing or unreadable; nothing was removed
     * @throws io.mailcellar.archive.ArchiveUnavailableException the store failed; what was removed stays removed,
     *                                                           and the next prune finishes the work
     */
    public PruneReport prune(String mailboxId, RetentionPolicy policy, Set<String> alsoKeep,
                             boolean keepDeletedFromServer, boolean dryRun) {
        Instant started = clock.instant();
        List<String> ids = catalog.ids(mailboxId);
        if (ids.isEmpty()) {
            return PruneReport.nothing(mailboxId, dryRun, started, clock.instant(),
                    "the mailbox has no snapshot yet, so nothing is named by one: prune removes nothing");
        }
        Set<String> kept = policy.keep(ids.stream()
                .map(id -> new RetentionPolicy.Dated(id, SnapshotIds.time(id))).toList());
        kept.add(ids.get(0));
        ids.stream().filter(alsoKeep::contains).forEach(kept::add);
        List<String> removed = ids.stream().filter(id -> !kept.contains(id)).toList();

        References references = new References(mailboxId);
        kept.forEach(id -> references.addSnapshot(id, false));
        long messagesKept = references.messages.size();
        if (keepDeletedFromServer) {
            removed.forEach(id -> references.addSnapshot(id, true));
        }
        long keptDeletedFromServer = references.messages.size() - messagesKept;

        Sweep sweep = sweep(mailboxId, references, started);
        List<String> removedSnapshotKeys = removed.stream().map(id -> layout.snapshotKey(mailboxId, id)).toList();
        long snapshotBytes = store.listObjects(layout.snapshotsPrefix(mailboxId)).stream()
                .filter(object -> removedSnapshotKeys.contains(object.key()))
                .mapToLong(ObjectStore.ListedObject::size).sum();
        if (!dryRun) {
            store.deleteAll(removedSnapshotKeys);
            // A snapshot written since the listing keeps what it names.
            Set<String> known = new HashSet<>(ids);
            List<String> newer = catalog.ids(mailboxId).stream().filter(id -> !known.contains(id)).toList();
            if (!newer.isEmpty()) {
                newer.forEach(id -> references.addSnapshot(id, false));
                sweep = sweep(mailboxId, references, started);
            }
            store.deleteAll(sweep.pageKeys());
            store.deleteAll(sweep.messageKeys());
            LOG.infof("mailbox %s: pruned %d snapshots, %d tree pages and %d messages (%d bytes)", mailboxId,
                    removed.size(), sweep.pageKeys().size(), sweep.messageKeys().size(),
                    snapshotBytes + sweep.pageBytes() + sweep.messageBytes());
        }
        return new PruneReport(mailboxId, dryRun, started, clock.instant(), kept.size(), removed,
                messagesKept + keptDeletedFromServer, keptDeletedFromServer, sweep.messageKeys().size(),
                sweep.messageBytes(), sweep.pageKeys().size(), sweep.pageBytes(),
                snapshotBytes + sweep.pageBytes() + sweep.messageBytes(), null);
    }

    /** The tree pages and messages no snapshot in {@code references} names, written before {@code started}. */
    private Sweep sweep(String mailboxId, References references, Instant started) {
        List<String> pageKeys = new ArrayList<>();
        long pageBytes = 0;
        for (ObjectStore.ListedObject page : store.listObjects(layout.mailboxKey(mailboxId, "trees/"))) {
            if (!references.pageKeys.contains(page.key()) && page.lastModified().isBefore(started)) {
                pageKeys.add(page.key());
                pageBytes += page.size();
            }
        }
        List<String> messageKeys = new ArrayList<>();
        long messageBytes = 0;
        for (ObjectStore.ListedObject message : store.listObjects(layout.messagesPrefix(mailboxId))) {
            String sha256 = layout.messageShaOf(mailboxId, message.key());
            // An object that is not a message by its name is not prune's to remove.
            if (sha256 != null && !references.messages.contains(sha256) && message.lastModified().isBefore(started)) {
                messageKeys.add(message.key());
                messageBytes += message.size();
            }
        }
        return new Sweep(pageKeys, pageBytes, messageKeys, messageBytes);
    }

    private record Sweep(List<String> pageKeys, long pageBytes, List<String> messageKeys, long messageBytes) {
    }

    /** What a set of snapshots names: their tree pages (each read once) and messages. */
    private final class References {
        private final String mailboxId;
        private final Set<String> pageKeys = new HashSet<>();
        private final Set<String> messages = new HashSet<>();
        /** Pages read for their POP3 messages only: their other messages are not kept by them. */
        private final Set<String> scanned = new HashSet<>();

        References(String mailboxId) {
            this.mailboxId = mailboxId;
        }

        /**
         * Adds a snapshot: with {@code deletedFromServerOnly}, of a snapshot being removed, only the messages
         * mailcellar deleted from a POP3 server.
         */
        void addSnapshot(String snapshotId, boolean deletedFromServerOnly) {
            Snapshot snapshot = catalog.snapshot(mailboxId, snapshotId).orElseThrow(() -> new IllegalArgumentException(
                    "snapshot " + snapshotId + " of mailbox " + mailboxId + " went missing while it was read"));
            for (Snapshot.Folder folder : snapshot.folders()) {
                for (Snapshot.PageRef ref : folder.pages()) {
                    String key = layout.mailboxKey(mailboxId, ref.key());
                    if (pageKeys.contains(key) || (deletedFromServerOnly && !scanned.add(key))) {
                        continue;
                    }
                    TreePage page = catalog.page(mailboxId, ref);
                    if (!deletedFromServerOnly) {
                        pageKeys.add(key);
                    }
                    for (TreeMessage message : page.messages()) {
                        if (!deletedFromServerOnly || Boolean.TRUE.equals(message.deletedFromServer())) {
                            messages.add(message.sha256());
                        }
                    }
                }
            }
        }
    }
}
