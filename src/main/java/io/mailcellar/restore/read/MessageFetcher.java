package io.mailcellar.restore.read;

import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.Sha256;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.TreeMessage;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads a mailbox's messages from the bucket in the order an export writes
 * them, up to {@code window} ahead in parallel, so that the export is not a
 * chain of one round trip per message. Memory stays bounded: a message up to
 * {@link #IN_MEMORY_LIMIT} is held in memory, a larger one in a temporary
 * file, and at most {@code window} are held at once.
 */
public final class MessageFetcher implements AutoCloseable {

    static final int IN_MEMORY_LIMIT = 1024 * 1024;

    /** What the export does with each message, in order. */
    @FunctionalInterface
    public interface Handler {
        void handle(TreeMessage message, FetchedMessage fetched) throws IOException;
    }

    private record Pending(TreeMessage message, Future<FetchedMessage> fetched) {
    }

    private final SnapshotCatalog catalog;
    private final String mailboxId;
    private final Path spoolDirectory;
    private final int window;
    private final ExecutorService pool;

    public MessageFetcher(SnapshotCatalog catalog, String mailboxId, Path spoolDirectory, int window) {
        this.catalog = catalog;
        this.mailboxId = mailboxId;
        this.spoolDirectory = spoolDirectory;
        this.window = window;
        this.pool = Executors.newFixedThreadPool(window, runnable -> {
            Thread thread = new Thread(runnable, "export-" + mailboxId);
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Hands each message to the handler in order, with its bytes or why they could not be had. */
    public void forEach(Iterator<TreeMessage> messages, Handler handler) throws IOException {
        Deque<Pending> pending = new ArrayDeque<>();
        try {
            while (messages.hasNext() || !pending.isEmpty()) {
                while (messages.hasNext() && pending.size() < window) {
                    TreeMessage next = messages.next();
                    pending.add(new Pending(next, pool.submit(() -> fetch(next))));
                }
                Pending first = pending.poll();
                FetchedMessage fetched = await(first.fetched());
                try {
                    handler.handle(first.message(), fetched);
                } finally {
                    if (fetched instanceof FetchedMessage.Ready ready) {
                        ready.release();
                    }
                }
            }
        } finally {
            for (Pending left : pending) {
                left.fetched().cancel(true);
            }
            for (Pending left : pending) {
                releaseQuietly(left);
            }
        }
    }

    private static FetchedMessage await(Future<FetchedMessage> future) throws IOException {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("the export was interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        }
    }

    /** A message fetched ahead that the export will not write (it failed): its temporary file goes. */
    private static void releaseQuietly(Pending left) {
        if (left.fetched().isDone() && !left.fetched().isCancelled()) {
            try {
                if (left.fetched().get() instanceof FetchedMessage.Ready ready) {
                    ready.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (ExecutionException | RuntimeException e) {
                // The export already fails with its first error; this message's own failure adds nothing to it.
                return;
            }
        }
    }

    private FetchedMessage fetch(TreeMessage message) {
        String sha256 = message.sha256();
        Optional<InputStream> stream = catalog.message(mailboxId, sha256);
        if (stream.isEmpty()) {
            return new FetchedMessage.Unavailable("its bytes are not in the bucket; a check "
                    + "(POST /api/v1/mailboxes/" + mailboxId + "/check) fetches them again from the server");
        }
        try (InputStream in = stream.get()) {
            if (message.size() <= IN_MEMORY_LIMIT) {
                byte[] bytes = in.readNBytes(IN_MEMORY_LIMIT + 1);
                return sha256.equals(Sha256.of(bytes)) ? new FetchedMessage.InMemory(bytes) : damaged();
            }
            ObjectStore.SpooledFile spooled = ObjectStore.spool(in, spoolDirectory);
            if (!sha256.equals(spooled.sha256())) {
                Files.deleteIfExists(spooled.file());
                return damaged();
            }
            return new FetchedMessage.OnDisk(spooled.file(), spooled.size());
        } catch (IOException | UncheckedIOException e) {
            throw new ArchiveUnavailableException("reading message " + sha256 + " from the bucket failed: " + e, e);
        }
    }

    private FetchedMessage damaged() {
        return new FetchedMessage.Unavailable("its stored bytes do not match their SHA-256 (damaged in the "
                + "bucket); a check that reads the data (POST /api/v1/mailboxes/" + mailboxId
                + "/check?readData=true) replaces them from the server");
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
