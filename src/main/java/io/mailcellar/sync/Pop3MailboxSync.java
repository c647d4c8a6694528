package io.mailcellar.sync;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Backs up a POP3 maildrop. Messages are told apart by UIDL (one command for
 * all); new ones are retrieved byte-exact and published as
 * {@code message.added} in folder INBOX; UIDLs gone from the server become
 * {@code message.expunged}. Retrieval uses {@code TOP n <all lines>}, which
 * returns the same bytes as {@code RETR} without the server marking the
 * message read (Dovecot does on RETR), and falls back to RETR when TOP returns
 * less than the message. Messages leave the server only as
 * {@link Pop3Retention} allows: DELE is sent for nothing else, and the server
 * removes nothing from a session that ends without QUIT.
 */
@ApplicationScoped
public class Pop3MailboxSync {

    static final String INBOX = "INBOX";
    private static final Logger LOG = Logger.getLogger(Pop3MailboxSync.class);

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    private final SyncSettings settings;
    private final Pop3Retention retention;

    Pop3MailboxSync(EventPublisher publisher, CursorStore cursors, MessageContents contents, SyncSettings settings,
                    Pop3Retention retention) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.settings = settings;
        this.retention = retention;
    }

    void sync(Mailbox mailbox, Pop3Client pop3, RunProgress progress) throws MessagingException {
        SyncSession session = new SyncSession(publisher, cursors, mailbox.id(), progress);
        Maildrop maildrop = identify(pop3, progress);
        Map<String, Pop3Client.Listed> onServer = maildrop.messages();
        boolean withoutUidl = maildrop.withoutUidl();
        Map<String, KnownMessage> known = new HashMap<>(session.cursor().pop3());

        List<MailEvent> gone = new ArrayList<>();
        for (String identity : List.copyOf(known.keySet())) {
            if (!onServer.containsKey(identity)) {
                gone.add(new MessageExpunged(mailbox.id(), INBOX, 0, 0, known.remove(identity).sha256(), identity));
            }
        }
        session.commit(gone, session.cursor().withPop3(known, withoutUidl));

        int batchMessages = 0;
        long batchBytes = 0;
        for (Map.Entry<String, Pop3Client.Listed> entry : onServer.entrySet()) {
            if (known.containsKey(entry.getKey())) {
                continue;
            }
            Pop3Client.Listed message = entry.getValue();
            byte[] bytes = retrieve(pop3, message);
            String sha = Sha256.of(bytes);
            // Sent at once, acknowledged with the batch: Kafka and the archiver work while the next is retrieved.
            String identity = entry.getKey();
            session.send(contents.of(mailbox.id(), INBOX, message.number(), bytes, 0, bytes.length, sha)
                    .thenApply(content -> new MessageAdded(mailbox.id(), INBOX, 0, 0, sha, bytes.length, List.of(),
                            null, content, identity)));
            known.put(entry.getKey(), new KnownMessage(sha, List.of()));
            batchMessages++;
            batchBytes += bytes.length;
            if (batchMessages >= settings.batchMessages() || batchBytes >= settings.batchBytes().asLongValue()) {
                session.commit(List.of(), session.cursor().withPop3(known, withoutUidl));
                batchMessages = 0;
                batchBytes = 0;
            }
        }
        session.commit(List.of(), session.cursor().withPop3(known, withoutUidl));

        int deleted = mailbox.pop3DeleteFromServer() == Pop3DeleteMode.NEVER
                ? 0 : deleteArchived(mailbox, pop3, onServer, known);
        // The server removes what DELE marked only on QUIT.
        pop3.quit();
        if (deleted > 0) {
            LOG.infof("mailbox %s: %d archived messages deleted from the POP3 server (%s)", mailbox.id(), deleted,
                    mailbox.pop3DeleteFromServer());
        }
    }

    /**
     * Marks for deletion what {@link Pop3Retention} allows. Should a check
     * fail midway, the messages marked so far (each verified in the archive)
     * are still removed by QUIT before the failure is reported.
     */
    private int deleteArchived(Mailbox mailbox, Pop3Client pop3, Map<String, Pop3Client.Listed> onServer,
                               Map<String, KnownMessage> known) throws MessagingException {
        int marked = 0;
        try {
            for (Map.Entry<String, Pop3Client.Listed> entry : onServer.entrySet()) {
                KnownMessage message = known.get(entry.getKey());
                if (message != null && retention.mayDelete(mailbox, message.sha256())) {
                    pop3.delete(entry.getValue().number());
                    marked++;
                }
            }
        } catch (MessagingException | RuntimeException e) {
            if (marked > 0) {
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

    /** The messages on the server by identity, in maildrop order. */
    private record Maildrop(Map<String, Pop3Client.Listed> messages, boolean withoutUidl) {
    }

    /**
     * Identity to message: the UIDL, or on a server without UIDL a digest of
     * the headers (TOP n 0) and the size of the rest, as earlier builds
     * computed it through Angus Mail, so that their cursors stay valid.
     */
    private Maildrop identify(Pop3Client pop3, RunProgress progress) throws MessagingException {
        List<Pop3Client.Listed> messages = pop3.list();
        Map<Integer, String> uidls = pop3.uniqueIds();
        Map<String, Pop3Client.Listed> identities = new LinkedHashMap<>();
        boolean withoutUidl = false;
        for (Pop3Client.Listed message : messages) {
            String uidl = uidls == null ? null : uidls.get(message.number());
            if (uidl == null) {
                withoutUidl = true;
                byte[] headers = pop3.top(message.number(), 0, 4096);
                if (headers == null) {
                    throw new MessagingException("the POP3 server has neither UIDL nor TOP for message "
                            + message.number() + ": its messages cannot be told apart between polls");
                }
                uidl = "headers:" + Sha256.of(headers) + ":" + (message.size() - headers.length);
            }
            identities.putIfAbsent(uidl, message);
        }
        if (withoutUidl) {
            progress.note("the POP3 server has no UIDL: messages are told apart by a digest of their headers "
                    + "and their size, and deleted only once their archived copy is verified");
        }
        return new Maildrop(identities, withoutUidl);
    }

    /**
     * The message as RETR would return it (dot-unstuffed, CRLF as sent),
     * without setting \Seen where TOP allows: a TOP answer shorter than the
     * size LIST gave is taken for a server that cuts TOP short, and RETR is used.
     */
    private static byte[] retrieve(Pop3Client pop3, Pop3Client.Listed message) throws MessagingException {
        byte[] top = pop3.top(message.number(), Integer.MAX_VALUE, message.size());
        if (top != null && top.length >= message.size()) {
            return top;
        }
        return pop3.retrieve(message.number(), message.size());
    }
}
