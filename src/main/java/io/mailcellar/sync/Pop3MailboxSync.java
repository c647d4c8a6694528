package io.mailcellar.sync;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import org.eclipse.angus.mail.pop3.POP3Folder;
import org.eclipse.angus.mail.pop3.POP3Message;
import org.jboss.logging.Logger;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
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
 * {@link Pop3Retention} allows.
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

    void sync(Mailbox mailbox, Store store, RunProgress progress) throws MessagingException {
        SyncSession session = new SyncSession(publisher, cursors, mailbox.id(), progress);
        boolean deleting = mailbox.pop3DeleteFromServer() != Pop3DeleteMode.NEVER;
        POP3Folder inbox = (POP3Folder) store.getFolder(INBOX);
        // Read-only unless deleting: a dropped or read-only session deletes nothing.
        inbox.open(deleting ? Folder.READ_WRITE : Folder.READ_ONLY);
        int marked = 0;
        try {
            Maildrop maildrop = identify(inbox, progress);
            Map<String, POP3Message> onServer = maildrop.messages();
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
            // One LIST for all: POP3Message.getSize() would cost a TOP n 0 and a LIST per message.
            int[] listedSizes = inbox.getSizes();
            for (Map.Entry<String, POP3Message> entry : onServer.entrySet()) {
                if (known.containsKey(entry.getKey())) {
                    continue;
                }
                POP3Message message = entry.getValue();
                byte[] bytes = retrieve(message, listedSizes[message.getMessageNumber() - 1]);
                String sha = Sha256.of(bytes);
                // Sent at once, acknowledged with the batch: Kafka and the archiver work while the next is retrieved.
                String identity = entry.getKey();
                session.send(contents.of(mailbox.id(), INBOX, message.getMessageNumber(), bytes, 0, bytes.length, sha)
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

            if (deleting) {
                for (Map.Entry<String, POP3Message> entry : onServer.entrySet()) {
                    KnownMessage message = known.get(entry.getKey());
                    if (message != null && retention.mayDelete(mailbox, message.sha256())) {
                        entry.getValue().setFlag(Flags.Flag.DELETED, true);
                        marked++;
                    }
                }
            }
        } finally {
            // close(true) sends DELE for the marked messages and QUIT; the server deletes only on QUIT.
            inbox.close(marked > 0);
        }
        if (marked > 0) {
            LOG.infof("mailbox %s: %d archived messages deleted from the POP3 server (%s)", mailbox.id(), marked,
                    mailbox.pop3DeleteFromServer());
        }
    }

    /** The messages on the server by identity, in maildrop order. */
    private record Maildrop(Map<String, POP3Message> messages, boolean withoutUidl) {
    }

    /** Identity to message: the UIDL, or on a server without UIDL a digest of the headers and the size. */
    private Maildrop identify(POP3Folder inbox, RunProgress progress) throws MessagingException {
        Message[] messages = inbox.getMessages();
        FetchProfile uids = new FetchProfile();
        uids.add(UIDFolder.FetchProfileItem.UID);
        inbox.fetch(messages, uids);
        Map<String, POP3Message> identities = new LinkedHashMap<>();
        boolean withoutUidl = false;
        for (Message message : messages) {
            POP3Message pop3 = (POP3Message) message;
            String uidl = inbox.getUID(pop3);
            if (uidl == null) {
                withoutUidl = true;
                uidl = "headers:" + Sha256.of(read(pop3.top(0))) + ":" + pop3.getSize();
            }
            identities.putIfAbsent(uidl, pop3);
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
    private static byte[] retrieve(POP3Message message, int listedSize) throws MessagingException {
        byte[] top = read(message.top(Integer.MAX_VALUE));
        if (top.length >= listedSize) {
            return top;
        }
        ByteArrayOutputStream retr = new ByteArrayOutputStream(Math.max(listedSize, 0) + 2);
        try {
            message.writeTo(retr);
        } catch (IOException e) {
            throw new MessagingException("RETR failed: " + e.getMessage(), e);
        }
        return retr.toByteArray();
    }

    private static byte[] read(InputStream in) throws MessagingException {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new MessagingException("reading from the POP3 server failed: " + e.getMessage(), e);
        }
    }
}
