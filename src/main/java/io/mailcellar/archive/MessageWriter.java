package io.mailcellar.archive;

import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

/**
 * Puts the bytes of one added message into the archive, once: checked against
 * the event's SHA-256 and size, written in one conditional request (the store
 * checks the signed SHA-256 of what it receives), skipped when the object
 * exists, and the claim-check object removed afterwards. With
 * {@code mailcellar.archive.read-back} every written object is also read back
 * and compared. S3 failures are retried with backoff for as long as it takes;
 * the event is not acknowledged before.
 */
@ApplicationScoped
public class MessageWriter {

    private static final Logger LOG = Logger.getLogger(MessageWriter.class);

    private final ArchiveStore store;
    private final ArchiveLayout layout;
    private final boolean readBack;
    private final Counter written;
    private final Counter skipped;
    private final Counter bytesWritten;

    MessageWriter(ArchiveStore store, ArchiveLayout layout, ArchiveSettings settings, MeterRegistry meters) {
        this.store = store;
        this.layout = layout;
        this.readBack = settings.readBack();
        this.written = meters.counter("mailcellar.archive.objects.written");
        this.skipped = meters.counter("mailcellar.archive.objects.skipped");
        this.bytesWritten = meters.counter("mailcellar.archive.bytes.written");
    }

    @Retry(maxRetries = -1, delay = 1000, jitter = 500, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = ArchiveUnavailableException.class, abortOn = CorruptEventException.class)
    @ExponentialBackoff(maxDelay = 60, maxDelayUnit = ChronoUnit.SECONDS)
    public void write(MessageAdded event) {
        String key = layout.messageKey(event.mailboxId(), event.sha256());
        try {
            if (event.content() instanceof MessageContent.ClaimCheck check) {
                copyStaged(event, check, key);
                store.delete(check.stagedKey());
            } else {
                writeInline(event, ((MessageContent.Inline) event.content()).bytes(), key);
            }
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s folder %s uid %d: archiving failed, will retry: %s", event.mailboxId(),
                    event.folder(), event.uid(), e.getMessage());
            throw e;
        }
    }

    private void writeInline(MessageAdded event, byte[] bytes, String key) {
        verify(event, bytes.length, Sha256.of(bytes));
        if (store.putIfAbsent(key, bytes, event.sha256())) {
            confirmWritten(event, key, bytes.length);
        } else if (store.size(key).filter(size -> size == event.size()).isPresent()) {
            skipped(event);
        } else {
            // Only a foreign or damaged object can sit under a content-addressed key with another size.
            LOG.warnf("mailbox %s folder %s uid %d: the object %s has the wrong size and is replaced",
                    event.mailboxId(), event.folder(), event.uid(), key);
            store.replace(key, bytes, event.sha256());
            confirmWritten(event, key, bytes.length);
        }
    }

    /** A large message moves from staging to its place on the server side; it never passes through memory. */
    private void copyStaged(MessageAdded event, MessageContent.ClaimCheck check, String key) {
        if (!layout.isStagingKey(check.stagedKey())) {
            throw new CorruptEventException("claim check points outside the staging area: " + check.stagedKey());
        }
        if (store.size(key).filter(size -> size == event.size()).isPresent()) {
            skipped(event);
            return;
        }
        long size = store.size(check.stagedKey()).orElseThrow(() -> new CorruptEventException(
                "the staged object " + check.stagedKey() + " is gone and the message is not archived"));
        verify(event, size, store.sha256Of(check.stagedKey()));
        store.copy(check.stagedKey(), key, event.sha256());
        confirmWritten(event, key, size);
    }

    /** Counts a written object, after reading it back first when {@code read-back} is on. */
    private void confirmWritten(MessageAdded event, String key, long bytes) {
        if (readBack) {
            String stored = store.sha256Of(key);
            if (!stored.equals(event.sha256())) {
                throw new ArchiveUnavailableException("object " + key + " reads back with SHA-256 " + stored
                        + " instead of " + event.sha256(), null);
            }
        }
        written.increment();
        bytesWritten.increment(bytes);
    }

    private void skipped(MessageAdded event) {
        skipped.increment();
        LOG.debugf("mailbox %s folder %s uid %d: %s already archived", event.mailboxId(), event.folder(),
                event.uid(), event.sha256());
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
