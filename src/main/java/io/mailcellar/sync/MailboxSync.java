package io.mailcellar.sync;

import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * One poll of one mailbox, start to end: connect, back up what is new, and
 * publish the run's {@code sync.completed} summary. Failures are reported,
 * never thrown: the scheduler tries again later.
 */
@ApplicationScoped
public class MailboxSync {

    private static final Logger LOG = Logger.getLogger(MailboxSync.class);

    private final MailConnector connector;
    private final ImapMailboxSync imap;
    private final Pop3MailboxSync pop3;
    private final EventPublisher publisher;
    private final MeterRegistry meters;
    private final StatusReporter status;
    private final Clock clock = Clock.systemUTC();

    MailboxSync(MailConnector connector, ImapMailboxSync imap, Pop3MailboxSync pop3, EventPublisher publisher,
                MeterRegistry meters, StatusReporter status) {
        this.status = status;
        this.connector = connector;
        this.imap = imap;
        this.pop3 = pop3;
        this.publisher = publisher;
        this.meters = meters;
    }

    public RunOutcome run(Mailbox mailbox) {
        Instant started = clock.instant();
        RunProgress progress = new RunProgress();
        String error = null;
        RunOutcome.Kind kind = RunOutcome.Kind.FAILURE;
        try {
            syncMailbox(mailbox, progress);
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
        int added = progress.messagesAdded();
        RunOutcome outcome = new RunOutcome(mailbox.id(), started, clock.instant(), kind, error, added,
                progress.notes());
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

    private void syncMailbox(Mailbox mailbox, RunProgress progress) throws MessagingException {
        if (mailbox.protocol() == Protocol.POP3) {
            try (Pop3Client session = connector.openPop3(mailbox)) {
                pop3.sync(mailbox, session, progress);
            }
            return;
        }
        Store store = connector.connect(mailbox);
        try {
            imap.sync(mailbox, (IMAPStore) store, progress);
        } finally {
            closeQuietly(mailbox, store);
        }
    }

    private void report(RunOutcome outcome) {
        try {
            publisher.publishAll(List.of(new SyncCompleted(outcome.mailboxId(), outcome.started(), outcome.ended(),
                    outcome.kind().wireName(), outcome.error(), outcome.messagesAdded(), outcome.notes())));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: could not publish the run summary: %s", outcome.mailboxId(), e.getMessage());
        }
    }

    private static void closeQuietly(Mailbox mailbox, Store store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // The run's work is already acknowledged; a failed LOGOUT changes nothing of it.
            LOG.debugf("mailbox %s: logout failed: %s", mailbox.id(), e.getMessage());
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
