package io.mailcellar.sync.pop3;

import io.mailcellar.app.LogText;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.mail.MailConnector;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxSettings;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.sync.MailboxTask;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.Pop3Messages;
import io.mailcellar.sync.cursor.SyncCursor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The POP3 task. Messages are told apart by UIDL (one command for all;
 * {@link Maildrop}); new ones are retrieved byte-exact and published as
 * {@code message.added} in folder INBOX; UIDLs gone from the server become
 * {@code message.expunged}. Retrieval uses {@code TOP n <all lines>}, which
 * returns the same bytes as {@code RETR} without the server marking the
 * message read (Dovecot does on RETR), and falls back to RETR when TOP returns
 * less than the message. Messages leave the server only as
 * {@link Pop3Retention} allows: DELE is sent for nothing else, and the server
 * removes nothing from a session that ends without QUIT.
 */
@ApplicationScoped
public class Pop3MailboxSync implements MailboxTask {

    /** The one folder of a maildrop, as events and status name it. */
    static final String INBOX = SyncCursor.POP3_FOLDER;
    private static final Logger LOG = Logger.getLogger(Pop3MailboxSync.class);

    private final MailConnector connector;
    private final SyncSettings settings;
    private final Pop3Retention retention;
    private final long maxMessageSize;

    Pop3MailboxSync(MailConnector connector, SyncSettings settings, Pop3Retention retention, MailboxSettings mail) {
        this.connector = connector;
        this.settings = settings;
        this.retention = retention;
        this.maxMessageSize = mail.maxMessageSize().asLongValue();
    }

    @Override
    public Protocol protocol() {
        return Protocol.POP3;
    }

    @Override
    public void run(Mailbox mailbox, SyncRun run) throws MessagingException {
        try (Pop3Client pop3 = connector.openPop3(mailbox)) {
            sync(mailbox, pop3, run);
        }
    }

    private void sync(Mailbox mailbox, Pop3Client pop3, SyncRun run) throws MessagingException {
        Pop3Retrieval retrieval = new Pop3Retrieval(pop3, maxMessageSize, settings.batchBytes().asLongValue());
        Maildrop maildrop = Maildrop.of(pop3.list(), pop3.uniqueIds(),
                number -> pop3.top(number, 0, 4096, maxMessageSize), retrieval::sha256);
        if (!maildrop.ambiguous().isEmpty()) {
            run.note("the POP3 server lists " + maildrop.ambiguous().size() + " messages under a UIDL it gives to "
                    + "another message too: they are archived by their content and never deleted from the server");
        }
        if (maildrop.withoutUidl()) {
            run.note("the POP3 server has no UIDL: messages are told apart by a digest of their headers "
                    + "and their size, and deleted only once their archived copy is verified");
        }
        boolean withoutUidl = maildrop.withoutUidl();
        CheckPlan repairs = run.repairs();
        if (repairs != null && !repairs.pop3ToRead().isEmpty()) {
            // Before anything else changes the cursor the check compared.
            new Pop3Repair(run, retrieval, maxMessageSize).repair(repairs, maildrop);
        }
        Maildrop.Gone gone = maildrop.gone(mailbox.id(), run.cursor().pop3());
        Pop3Messages.Editor known = gone.known();
        run.commit(gone.events(), run.cursor().withPop3(known.build(), withoutUidl));

        int batchMessages = 0;
        long batchBytes = 0;
        Map<String, String> retrievedNow = new HashMap<>();
        for (Map.Entry<String, Pop3Client.Listed> entry : maildrop.unknown(known).entrySet()) {
            Pop3Client.Listed message = entry.getValue();
            if (message.size() > maxMessageSize) {
                run.leftOnServer(LogText.of(entry.getKey()), message.size(), "it is " + message.size()
                        + " bytes, over the limit of " + maxMessageSize + " bytes per message "
                        + "(mailcellar.mail.max-message-size): not fetched, and left on the server");
                continue;
            }
            Pop3Retrieval.Retrieved retrieved = retrieval.retrieve(message);
            retrievedNow.put(entry.getKey(), retrieved.sha256());
            // Sent at once, acknowledged with the batch: Kafka and the archiver work while the next is retrieved.
            run.send(newMessage(retrieved, entry.getKey()));
            known.put(entry.getKey(), new KnownMessage(retrieved.sha256(), List.of()));
            batchMessages++;
            batchBytes += retrieved.length();
            if (batchMessages >= settings.batchMessages() || batchBytes >= settings.batchBytes().asLongValue()) {
                run.commit(List.of(), run.cursor().withPop3(known.build(), withoutUidl));
                batchMessages = 0;
                batchBytes = 0;
            }
        }
        run.commit(List.of(), run.cursor().withPop3(known.build(), withoutUidl));

        List<String> deleted = mailbox.pop3DeleteFromServer() == Pop3DeleteMode.NEVER
                ? List.of() : deleteArchived(mailbox, pop3, retrieval, run, maildrop, known, retrievedNow);
        // The server removes what DELE marked only on QUIT.
        pop3.quit();
        if (!deleted.isEmpty()) {
            LOG.infof("mailbox %s: %d archived messages deleted from the POP3 server (%s)", mailbox.id(),
                    deleted.size(), mailbox.pop3DeleteFromServer());
            run.commit(deletedByMailcellar(mailbox.id(), deleted, known), run.cursor().withPop3(known.build(),
                    withoutUidl));
        }
    }

    /**
     * The messages QUIT removed, as {@code message.expunged} by mailcellar, so that the snapshots keep them as the
     * mailbox's; the cursor forgets them, so that the next run does not report them gone again.
     */
    private static List<MailEvent> deletedByMailcellar(String mailboxId, List<String> identities,
                                                       Pop3Messages.Editor known) {
        List<MailEvent> events = new ArrayList<>();
        for (String identity : identities) {
            KnownMessage message = known.remove(identity);
            if (message != null) {
                events.add(new MessageExpunged(mailboxId, INBOX, 0, 0, message.sha256(), identity, true));
            }
        }
        return events;
    }

    /**
     * Marks for deletion what {@link Pop3Retention} allows, and only a message
     * whose bytes as the server serves them now are the archived ones: a
     * message known from an earlier run is retrieved again first. Other bytes
     * under a known UIDL (a server that reused it) are published as a new
     * message and kept on the server; a message of an ambiguous identity is
     * never deleted. Should a check fail midway, the messages marked so far
     * (each verified) are still removed by QUIT before the failure is reported.
     *
     * @return the identities marked for deletion
     */
    private List<String> deleteArchived(Mailbox mailbox, Pop3Client pop3, Pop3Retrieval retrieval, SyncRun run,
                                        Maildrop maildrop, Pop3Messages.Editor known,
                                        Map<String, String> retrievedNow) throws MessagingException {
        List<String> marked = new ArrayList<>();
        boolean republished = false;
        try {
            for (Map.Entry<String, Pop3Client.Listed> entry : maildrop.messages().entrySet()) {
                String identity = entry.getKey();
                KnownMessage message = known.get(identity);
                if (message == null || maildrop.isAmbiguous(identity)
                        || !retention.mayDelete(mailbox, message.sha256())) {
                    continue;
                }
                String servedNow = retrievedNow.get(identity);
                boolean retrievedBefore = servedNow != null;
                if (!retrievedBefore) {
                    servedNow = retrieval.sha256(entry.getValue());
                }
                if (servedNow.equals(message.sha256())) {
                    pop3.delete(entry.getValue().number());
                    marked.add(identity);
                } else if (!retrievedBefore) {
                    LOG.warnf("mailbox %s: the POP3 server serves other bytes under UIDL %s than were archived; "
                            + "archiving them, and keeping the message on the server", mailbox.id(),
                            LogText.of(identity));
                    run.note("the POP3 server served other bytes under UIDL " + LogText.of(identity)
                            + " than were archived for it: the new bytes are archived too, and the message stays "
                            + "on the server until they are");
                    Pop3Retrieval.Retrieved retrieved = retrieval.retrieve(entry.getValue());
                    run.send(newMessage(retrieved, identity));
                    known.put(identity, new KnownMessage(retrieved.sha256(), List.of()));
                    republished = true;
                }
            }
            if (republished) {
                run.commit(List.of(), run.cursor().withPop3(known.build(), maildrop.withoutUidl()));
            }
        } catch (MessagingException | RuntimeException e) {
            if (!marked.isEmpty()) {
                try {
                    pop3.quit();
                } catch (MessagingException quitFailed) {
                    e.addSuppressed(quitFailed);
                }
            }
            throw e;
        }
        return marked;
    }

    static NewMessage newMessage(Pop3Retrieval.Retrieved retrieved, String uidl) {
        return new NewMessage(INBOX, 0, 0, retrieved.sha256(), List.of(), null, retrieved.bytes(), 0,
                retrieved.length(), retrieved.file(), uidl);
    }
}
