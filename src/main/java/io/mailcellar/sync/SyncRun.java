package io.mailcellar.sync;

import io.mailcellar.event.MailEvent;
import io.mailcellar.sync.cursor.SyncCursor;

import java.util.List;

/**
 * One run of one mailbox as a protocol task sees it: the cursor it starts
 * from, and the only ways to publish. The runtime behind it owns sending,
 * Kafka's acknowledgements, cursor saves, where a large message's bytes go,
 * and the run's status; a task only says what changed.
 *
 * <p>Delivery: {@link #send} hands a new message over and returns at once;
 * {@link #commit} publishes its events, waits until Kafka acknowledged every
 * event handed over so far (acks=all), and only then saves the cursor. A
 * crash between the two re-publishes the same events (same ids) next run,
 * never skips one. All calls come from the task's own thread.
 */
public interface SyncRun {

    /** Our id of the mailbox. */
    String mailboxId();

    /** The cursor as last committed by this run (at first, as saved by the last one). */
    SyncCursor cursor();

    /** Publishes {@code message.added} for the message once its bytes are placed; the next commit covers it. */
    void send(NewMessage message);

    /** Publishes the events, waits for every acknowledgement, then saves {@code next} if it changed. */
    void commit(List<? extends MailEvent> events, SyncCursor next);

    /** Sends every message handed over, waiting for large ones to be placed; acknowledged by the next commit. */
    void flush();

    /** Something the owner of the mailbox should know, reported with the run. */
    void note(String note);

    /**
     * A POP3 message the run saw on the server and did not fetch (over the size limit): no cursor keeps it
     * pending, so each run that leaves it says so again, and the status lists it until one fetches it.
     */
    void leftOnServer(String uidl, long size, String reason);

    /** A folder failed; the task goes on with the others and the run is reported as failed at the end. */
    void folderFailed(String folder, String error);
}
