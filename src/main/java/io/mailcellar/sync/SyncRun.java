package io.mailcellar.sync;

import io.mailcellar.event.MailEvent;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.cursor.SyncCursor;

import java.util.List;
import java.util.Map;

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

    /** IMAP: the listed folders' names as the server spells them, by name, reported with the run's summary. */
    void serverNames(Map<String, String> byFolder);

    /** Something the owner of the mailbox should know, reported with the run. */
    void note(String note);

    /**
     * A POP3 message the run saw on the server and did not fetch (over the size limit): no cursor keeps it
     * pending, so each run that leaves it says so again, and the status lists it until one fetches it.
     */
    void leftOnServer(String uidl, long size, String reason);

    /** A folder failed; the task goes on with the others and the run is reported as failed at the end. */
    void folderFailed(String folder, String error);

    /**
     * The messages a check asks this run to read again from the server before anything else (missing from the
     * bucket, or damaged there), or null when the run makes no check.
     */
    CheckPlan repairs();

    /**
     * Hands over a message of the check's plan as the server sends it now. Bytes other than the ones the check
     * expects make it unrepairable; a missing one is archived again (as {@link #send}, not counted as new); a
     * damaged one is written over its object in the bucket, and read back.
     *
     * @param what names the message for its owner, e.g. {@code folder INBOX UID 7}
     */
    void repair(String what, CheckPlan.Repair repair, NewMessage message);

    /** A message of the check's plan could not be repaired; {@code why} says it for the owner. */
    void unrepairable(String what, String why);
}
