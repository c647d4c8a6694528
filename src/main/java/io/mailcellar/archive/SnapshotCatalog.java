package io.mailcellar.archive;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A mailbox's snapshots for readers (the API, restores): the bucket read
 * once per question, without the archiver's retrying. A failure of the store
 * surfaces as {@link ArchiveUnavailableException}, for the caller to report.
 */
@ApplicationScoped
public class SnapshotCatalog {

    private final ObjectStore store;
    private final ArchiveLayout layout;

    SnapshotCatalog(ObjectStore store, ArchiveLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The ids of the mailbox's snapshots, newest first. */
    public List<String> ids(String mailboxId) {
        return store.list(layout.snapshotsPrefix(mailboxId)).stream()
                .map(key -> layout.snapshotIdOf(mailboxId, key)).filter(Objects::nonNull).toList();
    }

    /**
     * The snapshot under the id, or empty when there is none.
     *
     * @throws IllegalArgumentException it is not a snapshot this version reads
     */
    public Optional<Snapshot> snapshot(String mailboxId, String snapshotId) {
        Optional<InputStream> stream = store.get(layout.snapshotKey(mailboxId, snapshotId));
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            return Optional.of(SnapshotCodec.snapshot(in.readAllBytes()));
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading snapshot " + snapshotId + " failed: " + e, e);
        }
    }

    /**
     * The SHA-256 of every message the mailbox's newest snapshot names, read from its tree pages; empty without
     * a snapshot.
     *
     * @throws IllegalArgumentException a page is missing or not one this version reads
     */
    public Set<String> newestMessages(String mailboxId) {
        Optional<Snapshot> newest = store.firstKey(layout.snapshotsPrefix(mailboxId))
                .map(key -> layout.snapshotIdOf(mailboxId, key)).flatMap(id -> snapshot(mailboxId, id));
        Set<String> shas = new HashSet<>();
        newest.ifPresent(snapshot -> snapshot.folders().forEach(folder -> folder.pages().forEach(page -> {
            String key = layout.mailboxKey(mailboxId, page.key());
            try (InputStream in = store.get(key).orElseThrow(() -> new IllegalArgumentException(
                    "tree page " + key + " of snapshot " + snapshot.id() + " is not in the bucket"))) {
                SnapshotCodec.page(in.readAllBytes()).messages().forEach(message -> shas.add(message.sha256()));
            } catch (IOException e) {
                throw new ArchiveUnavailableException("reading " + key + " failed: " + e, e);
            }
        })));
        return shas;
    }
}
