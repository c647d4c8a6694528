package io.mailcellar.archive;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcellar.archive.snapshot.MailboxTree;
import io.mailcellar.archive.snapshot.MessageHeader;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotCodec;
import io.mailcellar.archive.snapshot.SnapshotDraft;
import io.mailcellar.archive.snapshot.TreePage;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.StoredJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A mailbox's snapshots and tree pages in the bucket: the newest snapshot,
 * the tree it describes, and the storing of a new one in restic's order
 * (pages, then the snapshot, each written once and checked by the store
 * against its SHA-256). An S3 failure is retried with backoff for as long
 * as it takes, as the archiver's message writes are.
 */
@ApplicationScoped
public class SnapshotBook {

    private static final Logger LOG = Logger.getLogger(SnapshotBook.class);

    private final ObjectStore store;
    private final ArchiveLayout layout;
    private final Counter pagesWritten;
    private final Counter pageBytesWritten;
    private final Counter snapshotsWritten;
    private final ArchiveProblems problems;

    SnapshotBook(ObjectStore store, ArchiveLayout layout, MeterRegistry meters, ArchiveProblems problems) {
        this.store = store;
        this.problems = problems;
        this.layout = layout;
        this.pagesWritten = meters.counter("mailcellar.archive.tree.pages.written");
        this.pageBytesWritten = meters.counter("mailcellar.archive.tree.bytes.written");
        this.snapshotsWritten = meters.counter("mailcellar.archive.snapshots.written");
    }

    /** The id of the mailbox's newest snapshot, or empty when it has none. */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public Optional<String> latestId(String mailboxId) {
        return watched(mailboxId, () -> store.firstKey(layout.snapshotsPrefix(mailboxId))
                .map(key -> layout.snapshotIdOf(mailboxId, key)));
    }

    /**
     * The snapshot under the id.
     *
     * @throws IllegalArgumentException it is missing, or not a snapshot this version reads
     */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public Snapshot snapshot(String mailboxId, String snapshotId) {
        return SnapshotCodec.snapshot(watched(mailboxId, () -> read(layout.snapshotKey(mailboxId, snapshotId))));
    }

    /**
     * The tree a snapshot describes, every page read.
     *
     * @throws IllegalArgumentException a page is missing or unreadable
     */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public MailboxTree tree(String mailboxId, Snapshot snapshot) {
        return MailboxTree.of(snapshot, key -> SnapshotCodec.page(
                watched(mailboxId, () -> read(layout.mailboxKey(mailboxId, key)))));
    }

    /**
     * When the mailbox was registered, as its {@code mailbox.json} says, or empty when the bucket has no
     * readable one: how far back its events can reach.
     */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public Optional<Instant> registeredAt(String mailboxId) {
        Optional<InputStream> stream = watched(mailboxId, () -> store.get(layout.manifestKey(mailboxId)));
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            JsonNode createdAt = StoredJson.mapper().readTree(in).path("createdAt");
            return createdAt.isTextual() ? Optional.of(Instant.parse(createdAt.asText())) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("mailbox %s: its mailbox.json could not be read (%s)", mailboxId, e.getMessage());
            return Optional.empty();
        }
    }

    /**
     * Stores the draft: its new pages, then the snapshot, which no one may have written before.
     *
     * @throws SnapshotConflictException another snapshot with the same id, and other content, is in the bucket
     */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public void store(String mailboxId, SnapshotDraft draft) {
        try {
            for (SnapshotDraft.NewPage page : draft.newPages()) {
                String key = layout.mailboxKey(mailboxId, page.key());
                if (store.putIfAbsent(key, ObjectStore.Bytes.of(page.json(), page.sha256()),
                        ObjectStore.PutOptions.json(page.sha256()))) {
                    pagesWritten.increment();
                    pageBytesWritten.increment(page.json().length);
                }
            }
            Snapshot snapshot = draft.snapshot();
            byte[] json = SnapshotCodec.encode(snapshot);
            String sha256 = Sha256.of(json);
            String key = layout.snapshotKey(mailboxId, snapshot.id());
            if (store.putIfAbsent(key, ObjectStore.Bytes.of(json, sha256), ObjectStore.PutOptions.json(sha256))) {
                snapshotsWritten.increment();
            } else if (!Arrays.equals(read(key), json)) {
                throw new SnapshotConflictException("mailbox " + mailboxId + ": another snapshot " + snapshot.id()
                        + " is in the bucket already");
            }
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: the snapshot could not be stored, will retry: %s", mailboxId, e.getMessage());
            problems.failed(mailboxId, e);
            throw e;
        }
        problems.accepted(mailboxId);
    }

    /**
     * The header summary of an added message: read from the event's bytes, or, for a message the poller put in
     * the bucket itself, from the start of the stored object. Empty ({@link MessageHeader#NONE}) for a
     * message not in the bucket.
     */
    public MessageHeader header(MessageAdded added) {
        if (added.content() instanceof MessageContent.Inline inline) {
            // In memory: no retry (and none of its interceptor's cost per message) needed.
            return MessageHeader.of(inline.bytes(), 0, inline.bytes().length);
        }
        return storedHeader(added);
    }

    /** The header summary of a message the poller put in the bucket, from the first bytes of its object. */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public MessageHeader storedHeader(MessageAdded added) {
        String key = ((MessageContent.Archived) added.content()).key();
        Optional<InputStream> stream = watched(added.mailboxId(),
                () -> store.getStart(key, MessageHeader.MAX_HEADER_BYTES));
        if (stream.isEmpty()) {
            return MessageHeader.NONE;
        }
        try (InputStream in = stream.get()) {
            return MessageHeader.of(in);
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading the header of " + key + " failed: " + e, e);
        }
    }

    /** Whether the added message's bytes are in the bucket. */
    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public boolean stored(MessageAdded added) {
        return watched(added.mailboxId(),
                () -> store.stat(layout.messageKey(added.mailboxId(), added.sha256())).isPresent());
    }

    /** A request for the mailbox's archive: a refusal is reported as its problem, and retried. */
    private <T> T watched(String mailboxId, Supplier<T> request) {
        try {
            return request.get();
        } catch (ArchiveUnavailableException e) {
            problems.failed(mailboxId, e);
            throw e;
        }
    }

    private byte[] read(String key) {
        try (InputStream in = store.get(key).orElseThrow(() -> new IllegalArgumentException(key
                + " is not in the bucket"))) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading " + key + " failed: " + e, e);
        }
    }
}
