package io.mailcellar.sync.runtime;

import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.Spool;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.cursor.CursorStore;
import io.mailcellar.sync.cursor.SyncCursor;
import jakarta.mail.MessagingException;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;

/**
 * The runtime's side of one run ({@link SyncRun}): events first, acknowledged
 * by Kafka, then the cursor that covers them. New messages are sent as soon
 * as their content is ready (a large one once it is in the archive), in the
 * order handed over; the next {@link #commit} waits for all of them before it
 * saves a cursor. It also keeps what the run has to report: messages added,
 * notes, failed folders. Used by one task thread at a time.
 */
final class SyncSession implements SyncRun {

    private static final Logger LOG = Logger.getLogger(SyncSession.class);

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    private final GroupFence fence;
    private SyncCursor cursor;
    private final List<Future<RecordMetadata>> unacknowledged = new ArrayList<>();
    private final Deque<CompletableFuture<MessageAdded>> notReady = new ArrayDeque<>();
    private final Map<String, String> folderFailures = new TreeMap<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, String> serverNames = new TreeMap<>();
    private final List<MailboxStatus.UnreadMessage> leftOnServer = new ArrayList<>();
    /** Read by the run's status while it is under way; written by the run's thread only. */
    private volatile int messagesAdded;
    private CheckPlan repairs;
    /** Messages a check's repairs sent again: counted apart from the new ones. */
    private int resent;
    private int replaced;
    private final List<String> unrepairable = new ArrayList<>();

    /** {@code fence}: the poller's hold on the mailbox as the run starts; every save of the run needs it. */
    SyncSession(EventPublisher publisher, CursorStore cursors, MessageContents contents, String mailboxId,
                GroupFence fence) {
        this.fence = fence;
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.cursor = cursors.get(mailboxId);
    }

    @Override
    public String mailboxId() {
        return cursor.mailboxId();
    }

    @Override
    public SyncCursor cursor() {
        return cursor;
    }

    @Override
    public void commit(List<? extends MailEvent> events, SyncCursor next) {
        flush();
        publish(events);
        awaitSent();
        if (!next.equals(cursor)) {
            cursors.save(next, fence);
            cursor = next;
        }
    }

    @Override
    public void send(NewMessage message) {
        String mailboxId = mailboxId();
        notReady.add(contents.of(mailboxId, message).thenApply(content -> new MessageAdded(mailboxId,
                message.folder(), message.uidValidity(), message.uid(), message.sha256(), message.length(),
                message.flags(), message.internalDate(), content, message.pop3Uidl())));
        sendWhenReady(false);
    }

    @Override
    public void flush() {
        sendWhenReady(true);
    }

    @Override
    public void serverNames(Map<String, String> byFolder) {
        serverNames.putAll(byFolder);
    }

    /**
     * The backed-up folders as the run left them: their names as the server spells them (where the run listed
     * them) and the HIGHESTMODSEQ of their committed cursor.
     */
    Map<String, SyncCompleted.FolderState> folderStates() {
        Map<String, SyncCompleted.FolderState> states = new TreeMap<>();
        cursor().folders().forEach((name, folder) ->
                states.put(name, new SyncCompleted.FolderState(serverNames.get(name), folder.highestModSeq())));
        return states;
    }

    @Override
    public void note(String note) {
        notes.add(note);
    }

    @Override
    public void leftOnServer(String uidl, long size, String reason) {
        leftOnServer.add(new MailboxStatus.UnreadMessage(SyncCursor.POP3_FOLDER, 0, uidl, reason, 1, size));
    }

    @Override
    public void folderFailed(String folder, String error) {
        folderFailures.put(folder, error);
    }

    @Override
    public CheckPlan repairs() {
        return repairs;
    }

    /** The check this run makes first. */
    void repairs(CheckPlan plan) {
        this.repairs = plan;
    }

    @Override
    public void repair(String what, CheckPlan.Repair repair, NewMessage message) {
        if (!message.sha256().equals(repair.sha256())) {
            if (message.spooled() != null) {
                Spool.delete(message.spooled());
            }
            unrepairable(what, "the server now sends other bytes (SHA-256 " + message.sha256() + ")");
            return;
        }
        if (repair.damaged()) {
            contents.replaceDamaged(mailboxId(), message);
            replaced++;
        } else {
            send(message);
            resent++;
        }
        LOG.infof("mailbox %s: %s read again from the server for the check (%s)", mailboxId(), what,
                repair.damaged() ? "its object was damaged" : "it was missing from the bucket");
    }

    @Override
    public void unrepairable(String what, String why) {
        String text = "check: " + what + " cannot be repaired: " + why;
        LOG.warnf("mailbox %s: %s", mailboxId(), text);
        unrepairable.add(text);
    }

    /** Messages the check's repairs archived again or replaced. */
    int repaired() {
        return resent + replaced;
    }

    /** Why each message of the check's plan that could not be repaired could not be. */
    List<String> unrepairable() {
        return List.copyOf(unrepairable);
    }

    /** New messages published: the ones a check's repairs sent again are not new. */
    int messagesAdded() {
        return messagesAdded - resent;
    }

    List<String> notes() {
        return List.copyOf(notes);
    }

    List<MailboxStatus.UnreadMessage> leftOnServer() {
        return List.copyOf(leftOnServer);
    }

    /** After the task: a run in which a folder failed is a failed run, though the other folders went on. */
    /** The run goes on over a new connection, which tries the failed folders again. */
    void resumed() {
        folderFailures.clear();
    }

    void throwIfFolderFailed() throws MessagingException {
        if (!folderFailures.isEmpty()) {
            throw new MessagingException("folders failed: " + folderFailures);
        }
    }

    private void publish(List<? extends MailEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        unacknowledged.addAll(publisher.send(events));
        messagesAdded += (int) events.stream().filter(MessageAdded.class::isInstance).count();
    }

    /** Sends the messages handed over, in order, as far as they are ready; all of them when {@code waiting}. */
    private void sendWhenReady(boolean waiting) {
        while (!notReady.isEmpty() && (waiting || notReady.peekFirst().isDone())) {
            CompletableFuture<MessageAdded> first = notReady.pollFirst();
            try {
                publish(List.of(first.join()));
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
}
