package io.mailcellar.archive;

import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.time.temporal.ChronoUnit;

/**
 * Puts the bytes of one added message into the archive, once: checked against
 * the event's SHA-256 and size, written in one conditional request (the store
 * checks the signed SHA-256 of what it receives), skipped when the object
 * exists. With {@code mailcellar.archive.read-back} every written object is
 * also read back and compared.
 *
 * <p>The archiver calls {@link #write} for each event; S3 failures are
 * retried with backoff for as long as it takes, and the event is not
 * acknowledged before. A poller calls {@link #place} for a message above the
 * inline limit before it sends the event, which then only says where the
 * message is: its bytes neither pass through Kafka nor are written twice.
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);

    private final ObjectStore store;
    private final ArchiveLayout layout;
    private final boolean readBack;
    private final Counter written;
    private final Counter skipped;
    private final Counter bytesWritten;
    private final MeterRegistry meters;
    private final ArchiveProblems problems;

    MessageWriter(ObjectStore store, ArchiveLayout layout, ArchiveSettings settings, MeterRegistry meters,
                  ArchiveProblems problems) {
        this.store = store;
        this.problems = problems;
        this.layout = layout;
        this.readBack = settings.readBack();
        this.written = meters.counter("mailcellar.archive.objects.written");
        this.skipped = meters.counter("mailcellar.archive.objects.skipped");
        this.bytesWritten = meters.counter("mailcellar.archive.bytes.written");
        this.meters = meters;
    }

    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class, abortOn = CorruptEventException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public void write(MessageAdded event) {
        String key = layout.messageKey(event.mailboxId(), event.sha256());
        Where where = new Where(event.mailboxId(), event.folder(), event.uid());
        try {
            if (event.content() instanceof MessageContent.Archived archived) {
                confirmPlaced(event, archived, key);
            } else {
                byte[] bytes = ((MessageContent.Inline) event.content()).bytes();
                verify(event, bytes.length, Sha256.of(bytes));
                put(where, key, bytes, 0, bytes.length, event.sha256());
            }
        } catch (ArchiveUnavailableException e) {
            meters.counter("mailcellar.archive.retries", "mailbox", event.mailboxId()).increment();
            LOG.warnf("%s: archiving failed, will retry: %s", where, e.getMessage());
            problems.failed(event.mailboxId(), e);
            throw e;
        }
        problems.accepted(event.mailboxId());
    }

    /**
     * Puts a message a poller has just hashed into its place in the archive:
     * {@code length} bytes from {@code offset}. A failed write is tried again
     * in place, a few times within about three seconds, so that a store's
     * passing hiccup (a 500, a dropped connection) does not fail the poll,
     * which would resume only after the poller's retry delay. Then the failure
     * goes to the poll, which stops and resumes from its cursor.
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 50, retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public MessageContent.Archived place(String mailboxId, String folder, long uid, byte[] bytes, int offset,
                                         int length, String sha256) {
        String key = layout.messageKey(mailboxId, sha256);
        Where where = new Where(mailboxId, folder, uid);
        try {
            put(where, key, bytes, offset, length, sha256);
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("%s: writing the message to the archive failed: %s", where, e.getMessage());
            throw e;
        }
        return new MessageContent.Archived(key, length, sha256);
    }

    /**
     * Replaces an object whose bytes do not hash to its name with the message's true bytes, read again from the
     * mail server: the one write that overwrites, and it is read back. {@code payload} is
     * {@link ObjectStore.Bytes} or {@link ObjectStore.SpooledFile}.
     *
     * @throws ArchiveUnavailableException the store failed, or still holds other bytes afterwards
     */
    public void replaceDamaged(String mailboxId, String folder, long uid, ObjectStore.Payload payload) {
        String key = layout.messageKey(mailboxId, payload.sha256());
        store.replace(key, payload, ObjectStore.PutOptions.message(payload.sha256()));
        String stored = store.sha256Of(key);
        if (!stored.equals(payload.sha256())) {
            throw new ArchiveUnavailableException("object " + key + " still reads back with SHA-256 " + stored
                    + " after it was replaced", null);
        }
        LOG.infof("%s: the damaged object %s is replaced with the server's bytes", new Where(mailboxId, folder, uid),
                key);
        written.increment();
        bytesWritten.increment(payload.size());
    }

    /** Which message, for the log. */
    private record Where(String mailboxId, String folder, long uid) {
        @Override
        public String toString() {
            return "mailbox " + mailboxId + " folder " + folder + " uid " + uid;
        }
    }

    /**
     * As {@link #place}, for a message a poller spooled to a file because it
     * is too large to hold in memory; the file stays the caller's. The store
     * streams it (in parts when large).
     */
    @Retry(maxRetries = 4, delay = 200, jitter = 50, retryOn = ArchiveUnavailableException.class)
    @ExponentialBackoff(maxDelay = 2, maxDelayUnit = ChronoUnit.SECONDS)
    public MessageContent.Archived placeFile(String mailboxId, String folder, long uid, Path file, long length,
                                             String sha256) {
        String key = layout.messageKey(mailboxId, sha256);
        Where where = new Where(mailboxId, folder, uid);
        try {
            put(where, key, new ObjectStore.SpooledFile(file, length, sha256));
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("%s: writing the spooled message to the archive failed: %s", where, e.getMessage());
            throw e;
        }
        return new MessageContent.Archived(key, length, sha256);
    }

    private void put(Where where, String key, byte[] bytes, int offset, int length, String sha256) {
        put(where, key, new ObjectStore.Bytes(bytes, offset, length, sha256));
    }

    private void put(Where where, String key, ObjectStore.Payload payload) {
        String sha256 = payload.sha256();
        long length = payload.size();
        ObjectStore.PutOptions options = ObjectStore.PutOptions.message(sha256);
        // A file goes through the SDK's streamed (multipart) upload, which does not sign the whole body's SHA-256:
        // it is read back, whatever read-back says.
        boolean readBackNow = readBack || payload instanceof ObjectStore.SpooledFile;
        if (store.putIfAbsent(key, payload, options)) {
            confirmWritten(key, sha256, length, readBackNow);
        } else if (store.stat(key).filter(stored -> stored.size() == length).isPresent()) {
            skipped(where, sha256);
        } else {
            // Only a foreign or damaged object can sit under a content-addressed key with another size.
            LOG.warnf("%s: the object %s has the wrong size and is replaced", where, key);
            store.replace(key, payload, options);
            confirmWritten(key, sha256, length, readBackNow);
        }
    }

    /** A poller put the message in place before it sent the event: the archiver only confirms it is there. */
    private void confirmPlaced(MessageAdded event, MessageContent.Archived archived, String key) {
        if (!archived.key().equals(key)) {
            throw new CorruptEventException("the event says the message is at " + archived.key()
                    + ", but its place is " + key);
        }
        // With read-back on, the poller read it back already, before it sent the event.
        long size = store.stat(key).map(ObjectStore.StoredObject::size).orElseThrow(() -> new CorruptEventException(
                "the message is not at " + key + ", where the poller wrote it before sending the event: it was "
                        + "removed from the bucket since"));
        if (size != event.size()) {
            throw new CorruptEventException("the object " + key + " has " + size + " bytes, the event declares "
                    + event.size());
        }
    }

    /** Counts a written object, after reading it back first when {@code read-back} is on. */
    private void confirmWritten(String key, String sha256, long bytes, boolean readBackNow) {
        if (readBackNow) {
            String stored = store.sha256Of(key);
            if (!stored.equals(sha256)) {
                throw new ArchiveUnavailableException("object " + key + " reads back with SHA-256 " + stored
                        + " instead of " + sha256, null);
            }
        }
        written.increment();
        bytesWritten.increment(bytes);
    }

    private void skipped(Where where, String sha256) {
        skipped.increment();
        LOG.debugf("%s: %s already archived", where, sha256);
    }

    private static void verify(MessageAdded event, long size, String sha) {
        if (size != event.size()) {
            throw new CorruptEventException("message has " + size + " bytes, the event declares " + event.size());
        }
        if (!sha.equals(event.sha256())) {
            throw new CorruptEventException("message hashes to " + sha + ", the event declares " + event.sha256());
        }
    }
}
