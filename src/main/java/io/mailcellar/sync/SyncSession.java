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
import java.util.concurrent.Executor;
import java.util.concurrent.Future;

/**
 * One run's view of a mailbox's cursor, and the only way a run publishes:
 * events first (acknowledged by Kafka), then the cursor that covers them. A
 * crash between the two re-publishes the same events next time, never skips.
 * Events may be sent ahead ({@link #send}) while the run reads on; the next
 * {@link #commit} waits for all of them before it saves a cursor.
 *
 * <p>A batch's end may instead be committed in the background
 * ({@link #commitInBackground}): the same waits (its large messages into the
 * archive, Kafka's acknowledgements) and the cursor save happen on another
 * thread while the run reads the next batch, one batch at most. Events are
 * still sent in the order they were handed over, and a cursor is still saved
 * only after every event before it was acknowledged. Every other commit, and
 * {@link #finish}, first waits for the one in the background and fails with
 * its failure.
 */
final class SyncSession {

    private final EventSink publisher;
    private final CursorStore cursors;
    private final RunProgress progress;
    private final Executor background;
    /** The cursor as the run has committed it, saved or being saved in the background. */
    private volatile SyncCursor cursor;
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();
    private final Deque<CompletableFuture<? extends MailEvent>> notReady = new ArrayDeque<>();
    private CompletableFuture<Void> inBackground = CompletableFuture.completedFuture(null);
    private final java.util.Map<String, String> folderFailures = new java.util.TreeMap<>();

    SyncSession(EventSink publisher, CursorStore cursors, String mailboxId, RunProgress progress,
                Executor background) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.progress = progress;
        this.background = background;
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
        awaitBackground();
        sendWhenReady(handedOver());
        send(events);
        saveWhenAcknowledged(next);
    }

    /**
     * Commits what was handed over so far with this cursor on another thread,
     * once the commit before it is done, and returns: the run reads on.
     */
    void commitInBackground(SyncCursor next) {
        awaitBackground();
        List<CompletableFuture<? extends MailEvent>> handedOver = handedOver();
        cursor = next;
        inBackground = CompletableFuture.runAsync(() -> {
            sendWhenReady(handedOver);
            saveWhenAcknowledged(next);
        }, background);
    }

    /** Waits until every event handed over is ready, and sends them; their acknowledgements come with the next commit. */
    void sendPending() {
        awaitBackground();
        sendWhenReady(handedOver());
    }

    /** Waits for the commit in the background; the run's last step. */
    void finish() {
        awaitBackground();
    }

    /**
     * After a failed run: waits for the commit in the background, so that no
     * cursor of this run is saved after it ended; its failure is added to the
     * run's.
     */
    void abandon(Exception failure) {
        try {
            awaitBackground();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Hands the events to Kafka without waiting; a later {@link #commit} covers them. */
    void send(List<? extends MailEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        synchronized (this) {
            unacknowledged.addAll(publisher.send(events));
            progress.added((int) events.stream().filter(MessageAdded.class::isInstance).count());
        }
    }

    /**
     * Sends the event once it is ready (a large message's, once the message is
     * in the archive): at once if it is, else as soon as a later call finds it
     * ready, at the latest with the next {@link #commit}. Fails the run with
     * the first event that could not be made ready.
     */
    void send(CompletableFuture<? extends MailEvent> event) {
        if (inBackground.isCompletedExceptionally()) {
            awaitBackground();
        }
        synchronized (this) {
            notReady.add(event);
        }
        sendReady();
    }

    /** The events handed over and not sent yet, in order: what the next commit must wait for. */
    private synchronized List<CompletableFuture<? extends MailEvent>> handedOver() {
        return List.copyOf(notReady);
    }

    /** Waits until these events are ready, and sends them with any others ready behind them, in order. */
    private void sendWhenReady(List<CompletableFuture<? extends MailEvent>> handedOver) {
        for (CompletableFuture<? extends MailEvent> event : handedOver) {
            try {
                event.join();
            } catch (CompletionException e) {
                synchronized (this) {
                    notReady.clear();
                }
                throw e.getCause() instanceof RuntimeException cause ? cause : e;
            }
        }
        sendReady();
    }

    /** Waits until Kafka acknowledged every event sent so far, then saves the cursor if it changed. */
    private void saveWhenAcknowledged(SyncCursor next) {
        List<Future<RecordMetadata>> acks;
        synchronized (this) {
            acks = List.copyOf(unacknowledged);
            unacknowledged.clear();
        }
        if (!acks.isEmpty()) {
            publisher.awaitAcks(acks);
        }
        if (!next.equals(cursors.get(next.mailboxId()))) {
            cursors.save(next);
        }
        cursor = next;
    }

    /** Sends the events handed over, in order, as far as they are ready. */
    private void sendReady() {
        List<MailEvent> ready = new ArrayList<>();
        synchronized (this) {
            while (!notReady.isEmpty() && notReady.peekFirst().isDone()) {
                CompletableFuture<? extends MailEvent> first = notReady.pollFirst();
                try {
                    ready.add(first.join());
                } catch (CompletionException e) {
                    notReady.clear();
                    throw e.getCause() instanceof RuntimeException cause ? cause : e;
                }
            }
            // Sent under the lock: events reach the producer in the order they were handed over.
            send(ready);
        }
    }

    private void awaitBackground() {
        try {
            inBackground.join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
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
