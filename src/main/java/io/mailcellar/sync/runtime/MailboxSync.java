package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.sync.MailboxTask;
import io.mailcellar.sync.cursor.CursorStore;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One poll of one mailbox, start to end: runs the protocol's
 * {@link MailboxTask} over a fresh {@link SyncSession}, then publishes the
 * run's {@code sync.completed} summary and status. Failures are reported,
 * never thrown: the scheduler tries again later.
 */
@ApplicationScoped
public class MailboxSync {

    private static final Logger LOG = Logger.getLogger(MailboxSync.class);

    private final Map<Protocol, MailboxTask> tasks = new EnumMap<>(Protocol.class);
    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    private final MeterRegistry meters;
    private final StatusReporter status;
    private final Clock clock;

    MailboxSync(Instance<MailboxTask> tasks, EventPublisher publisher, CursorStore cursors, MessageContents contents,
                MeterRegistry meters, StatusReporter status, Clock clock) {
        tasks.forEach(task -> this.tasks.put(task.protocol(), task));
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.meters = meters;
        this.status = status;
        this.clock = clock;
    }

    public RunOutcome run(Mailbox mailbox) {
        Instant started = clock.instant();
        SyncSession session = new SyncSession(publisher, cursors, contents, mailbox.id());
        String error = null;
        RunOutcome.Kind kind = RunOutcome.Kind.FAILURE;
        try {
            tasks.get(mailbox.protocol()).run(mailbox, session);
            session.throwIfFolderFailed();
            kind = RunOutcome.Kind.SUCCESS;
        } catch (AuthenticationFailedException e) {
            if (e.getMessage() != null && e.getMessage().contains("[IN-USE]")) {
                // RFC 2449: another POP3 session holds the maildrop. Not an error; come back later.
                kind = RunOutcome.Kind.BUSY;
                error = "the maildrop is in use by another POP3 session; retrying later";
            } else {
                error = "login refused by " + mailbox.host() + ": " + e.getMessage();
            }
        } catch (MessagingException | KafkaUnavailableException | ArchiveUnavailableException e) {
            // The server, Kafka or S3 is away or broken: expected in operation, retried, no stack trace needed.
            error = describe(e);
        } catch (RuntimeException e) {
            error = describe(e);
            LOG.errorf(e, "mailbox %s: poll failed unexpectedly", mailbox.id());
        }
        int added = session.messagesAdded();
        RunOutcome outcome = new RunOutcome(mailbox.id(), started, clock.instant(), kind, error, added,
                session.notes());
        if (kind == RunOutcome.Kind.BUSY) {
            LOG.infof("mailbox %s: %s", mailbox.id(), error);
        } else if (kind == RunOutcome.Kind.FAILURE) {
            LOG.warnf("mailbox %s: poll failed after %d new messages: %s", mailbox.id(), added, error);
        } else if (added > 0) {
            LOG.infof("mailbox %s: %d new messages published", mailbox.id(), added);
        }
        meters.counter("mailcellar.sync.runs", "outcome", kind.wireName()).increment();
        meters.counter("mailcellar.sync.messages.published").increment(added);
        report(outcome);
        status.report(outcome);
        return outcome;
    }

    private void report(RunOutcome outcome) {
        try {
            publisher.publishAll(List.of(new SyncCompleted(outcome.mailboxId(), outcome.started(), outcome.ended(),
                    outcome.kind().wireName(), outcome.error(), outcome.messagesAdded(), outcome.notes())));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not publish the run summary: %s", outcome.mailboxId(), e.getMessage());
        }
    }

    /** The exception and its causes in one line, e.g. "MailConnectException: ... <- ConnectException: refused". */
    private static String describe(Throwable e) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = e; t != null && text.length() < 1000; t = t.getCause() == t ? null : t.getCause()) {
            if (!text.isEmpty()) {
                text.append(" <- ");
            }
            text.append(t.getClass().getSimpleName());
            if (t.getMessage() != null) {
                text.append(": ").append(t.getMessage());
            }
        }
        return text.toString();
    }
}
