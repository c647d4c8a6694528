package io.mailcellar.sync.runtime;

import io.mailcellar.archive.MessageWriter;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.Spool;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides how an added message's bytes travel: inline in the event up to the
 * inline limit; above it the poller puts the message into its place in the
 * archive itself, and the event only says where. Those writes run beside the
 * poll, so it reads on meanwhile; what may wait is bounded by the poll's batch
 * ({@code mailcellar.sync.batch-bytes}), at whose end the poll waits for them.
 */
@ApplicationScoped
class MessageContents {

    /**
     * Writers of large messages for all polls of this instance. Such messages
     * are few, but a burst of new mail brings several, and each PUT of a
     * megabyte or two takes a while: the poll waits for them at its batch's
     * end (the measured choice of four: docs/performance.md).
     */
    private static final int WRITERS = 4;

    private final MessageWriter archive;
    private final long inlineLimit;
    private final ExecutorService writers;

    MessageContents(MessageWriter archive, KafkaSettings kafka) {
        this.archive = archive;
        this.inlineLimit = kafka.inlineLimit().asLongValue();
        AtomicInteger threads = new AtomicInteger();
        this.writers = Executors.newFixedThreadPool(WRITERS, task -> {
            Thread thread = new Thread(task, "large-message-writer-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    void stop(@Observes ShutdownEvent event) {
        writers.shutdownNow();
    }

    /**
     * The content of the message. Inline content is ready at once; a large
     * message is ready once it is in the archive, and fails as its write failed.
     */
    CompletableFuture<MessageContent> of(String mailboxId, NewMessage message) {
        if (message.spooled() != null) {
            return spooled(mailboxId, message);
        }
        byte[] bytes = message.bytes();
        int offset = message.offset();
        int length = (int) message.length();
        if (length > inlineLimit) {
            return CompletableFuture.supplyAsync(() -> archive.place(mailboxId, message.folder(), message.uid(),
                    bytes, offset, length, message.sha256()), writers);
        }
        // A POP3 message is an array of its own and is used as it is; an IMAP one is a slice of the response.
        byte[] inline = offset == 0 && length == bytes.length ? bytes : Arrays.copyOfRange(bytes, offset,
                offset + length);
        return CompletableFuture.completedFuture(new MessageContent.Inline(inline));
    }

    /**
     * Writes the message's bytes over its damaged object, on the run's own thread (repairs are few), and reads
     * them back; a spooled file is deleted after.
     */
    void replaceDamaged(String mailboxId, NewMessage message) {
        Path file = message.spooled();
        try {
            ObjectStore.Payload payload = file != null
                    ? new ObjectStore.SpooledFile(file, message.length(), message.sha256())
                    : new ObjectStore.Bytes(message.bytes(), message.offset(), (int) message.length(),
                            message.sha256());
            archive.replaceDamaged(mailboxId, message.folder(), message.uid(), payload);
        } finally {
            if (file != null) {
                Spool.delete(file);
            }
        }
    }

    /** A message too large for memory, in a file: streamed into the archive, and the file deleted after. */
    private CompletableFuture<MessageContent> spooled(String mailboxId, NewMessage message) {
        Path file = message.spooled();
        if (message.length() <= inlineLimit) {
            // Spooled, yet small enough to travel in the event (a batch size set below the inline limit).
            try {
                return CompletableFuture.completedFuture(new MessageContent.Inline(Files.readAllBytes(file)));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(new UncheckedIOException("reading the spooled message UID "
                        + message.uid() + " failed", e));
            } finally {
                Spool.delete(file);
            }
        }
        return CompletableFuture.<MessageContent>supplyAsync(() -> archive.placeFile(mailboxId, message.folder(),
                message.uid(), file, message.length(), message.sha256()), writers)
                .whenComplete((content, failure) -> Spool.delete(file));
    }
}
