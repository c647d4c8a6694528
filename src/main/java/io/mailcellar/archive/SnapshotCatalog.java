package io.mailcellar.archive;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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
}
