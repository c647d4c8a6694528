package io.mailcellar.sync;

import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;

/**
 * One run's view of a mailbox's cursor, and the only way a run publishes:
 * events first (acknowledged by Kafka), then the cursor that covers them. A
 * crash between the two re-publishes the same events next time, never skips.
 * Events may be sent ahead ({@link #send}) while the run reads on; the next
 * {@link #commit} waits for all of them before it saves a cursor.
 */
final class SyncSession {

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final RunProgress progress;
    private SyncCursor cursor;
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();
    private final Deque<CompletableFuture<? extends MailEvent>> notReady = new ArrayDeque<>();
    private final java.util.Map<String, String> folderFailures = new java.util.TreeMap<>();

    SyncSession(EventPublisher publisher, CursorStore cursors, String mailboxId, RunProgress progress) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.progress = progress;
        this.cursor = cursors.get(mailboxId);
    }

    String mailboxId() {
        return cursor.mailboxId();
    }

    SyncCursor cursor() {
        return cursor;
    }

    /**
     * Publishes the events, waits until every event sent or handed over before
     * is ready and Kafka acknowledged them all, and then saves the cursor; the
     * cursor is saved only when it changed.
     */
    void commit(List<? extends MailEvent> events, SyncCursor next) {
        sendPending();
        send(events);
        awaitSent();
        if (!next.equals(cursor)) {
            cursors.save(next);
            cursor = next;
        }
    }

    /** Hands the events to Kafka without waiting; a later {@link #commit} covers them. */
    void send(List<? extends MailEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        unacknowledged.addAll(publisher.send(events));
        progress.added((int) events.stream().filter(MessageAdded.class::isInstance).count());
    }

    /**
     * Sends the event once it is ready (a large message's, once the message is
     * in the archive): at once if it is, else as soon as a later call finds it
     * ready, at the latest with the next {@link #commit}. Fails the run with
     * the first event that could not be made ready.
     */
    void send(CompletableFuture<? extends MailEvent> event) {
        notReady.add(event);
        sendWhenReady(false);
    }

    /** Waits until every event handed over is ready, and sends them; their acknowledgements come with the next commit. */
    void sendPending() {
        sendWhenReady(true);
    }

    /** Sends the events handed over, in order, as far as they are ready; all of them when {@code waiting}. */
    private void sendWhenReady(boolean waiting) {
        while (!notReady.isEmpty() && (waiting || notReady.peekFirst().isDone())) {
            CompletableFuture<? extends MailEvent> first = notReady.pollFirst();
            try {
                send(List.of(first.join()));
            } catch (CompletionException e) {
                notReady.clear();
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
    }

    private void awaitSent() {
        if (!unacknowledged.isEmpty()) {
            List<Future<RecordMetadata>> acks = List.copyOf(unacknowledged);
            unacknowledged.clear();
            publisher.awaitAcks(acks);
        }
    }

    /** A folder that failed; the run goes on with the others and is reported as failed at the end. */
    void noteFolderFailure(String folder, String error) {
        folderFailures.put(folder, error);
    }

    void throwIfFolderFailed() throws jakarta.mail.MessagingException {
        if (!folderFailures.isEmpty()) {
            throw new jakarta.mail.MessagingException("folders failed: " + folderFailures);
        }
    }
}
