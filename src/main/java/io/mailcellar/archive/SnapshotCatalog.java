package io.mailcellar.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import io.mailcellar.archive.snapshot.SnapshotIds;
import io.mailcellar.archive.snapshot.TreePage;
import io.mailcellar.kafka.StoredJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The archive for readers (the API, exports, restores, the offline commands):
 * the bucket read once per question, without the archiver's retrying. A
 * failure of the store surfaces as {@link ArchiveUnavailableException}, for
 * the caller to report. It needs nothing but the store: the offline commands
 * build one without the service.
 */
@ApplicationScoped
public class SnapshotCatalog {

    private final ObjectStore store;
    private final ArchiveLayout layout;

    @Inject
    public SnapshotCatalog(ObjectStore store, ArchiveLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The ids of the mailboxes the bucket holds an archive of, in the store's order. */
    public List<String> mailboxIds() {
        return store.children(layout.mailboxesPrefix()).stream().map(layout::mailboxIdOf)
                .filter(Objects::nonNull).toList();
    }

    /**
     * The mailbox's {@code mailbox.json}, or empty when the bucket has none.
     *
     * @throws IllegalArgumentException it is not JSON
     */
    public Optional<JsonNode> manifest(String mailboxId) {
        Optional<InputStream> stream = store.get(layout.manifestKey(mailboxId));
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            return Optional.of(StoredJson.mapper().readTree(in));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the mailbox.json of " + mailboxId + " is not JSON: "
                    + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading the mailbox.json of " + mailboxId + " failed: " + e, e);
        }
    }

    /**
     * The snapshot a request names: {@code latest} for the newest, else its id; empty when there is none.
     *
     * @throws IllegalArgumentException the text is neither {@code latest} nor a snapshot id, or the snapshot is
     *                                  not one this version reads
     */
    public Optional<Snapshot> named(String mailboxId, String name) {
        if ("latest".equals(name)) {
            return store.firstKey(layout.snapshotsPrefix(mailboxId))
                    .map(key -> layout.snapshotIdOf(mailboxId, key)).flatMap(id -> snapshot(mailboxId, id));
        }
        if (!SnapshotIds.isId(name)) {
            throw new IllegalArgumentException("a snapshot is named by its id (as GET .../snapshots lists them, "
                    + "e.g. 8235066735499-20261203T214500500Z) or by latest, not by " + name);
        }
        return snapshot(mailboxId, name);
    }

    /** The newest snapshot taken at or before the time, or empty when there is none that old. */
    public Optional<Snapshot> at(String mailboxId, Instant time) {
        return ids(mailboxId).stream().filter(id -> !SnapshotIds.time(id).isAfter(time)).findFirst()
                .flatMap(id -> snapshot(mailboxId, id));
    }

    /**
     * One tree page of a snapshot's folder.
     *
     * @throws IllegalArgumentException it is missing, or not a page this version reads
     */
    public TreePage page(String mailboxId, Snapshot.PageRef ref) {
        String key = layout.mailboxKey(mailboxId, ref.key());
        try (InputStream in = store.get(key).orElseThrow(() -> new IllegalArgumentException(
                "tree page " + key + " is not in the bucket"))) {
            return SnapshotCodec.page(in.readAllBytes());
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading " + key + " failed: " + e, e);
        }
    }

    /** A message's raw bytes as a stream for the caller to close, or empty when the bucket lacks it. */
    public Optional<InputStream> message(String mailboxId, String sha256) {
        return store.get(layout.messageKey(mailboxId, sha256));
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
        Set<String> shas = new HashSet<>();
        named(mailboxId, "latest").ifPresent(snapshot -> snapshot.folders().forEach(folder -> folder.pages()
                .forEach(page -> page(mailboxId, page).messages().forEach(message -> shas.add(message.sha256())))));
        return shas;
    }
}
