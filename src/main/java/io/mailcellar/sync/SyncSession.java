package io.mailcellar.sync;

import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;

import java.util.List;

/**
 * One run's view of a mailbox's cursor, and the only way a run publishes:
 * events first (acknowledged by Kafka), then the cursor that covers them. A
 * crash between the two re-publishes the same events next time, never skips.
 */
final class SyncSession {

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final RunProgress progress;
    private SyncCursor cursor;
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

    /** Publishes the events and then saves the cursor; the cursor is saved only when it changed. */
    void commit(List<? extends MailEvent> events, SyncCursor next) {
        publish(events);
        if (!next.equals(cursor)) {
            cursors.save(next);
            cursor = next;
        }
    }

    /** Publishes events whose cursor is saved later (a re-match of a renumbered folder). */
    void publish(List<? extends MailEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        publisher.publishAll(events);
        progress.added((int) events.stream().filter(MessageAdded.class::isInstance).count());
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
