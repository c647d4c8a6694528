package io.mailcellar.sync.probe;

import io.mailcellar.app.LogText;
import io.mailcellar.mail.MailConnector;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.sync.runtime.Diagnosis;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.jboss.logging.Logger;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Logs in with a mailbox's settings and looks around (IMAP: lists the
 * folders; POP3: lists the maildrop), backing nothing up and changing
 * nothing on the server. Through the same connector, and so the same
 * outbound guard and timeouts, as a backup.
 */
@ApplicationScoped
public class ConnectionTest {

    private static final Logger LOG = Logger.getLogger(ConnectionTest.class);
    /** Folder names returned at most; the total is given too. */
    static final int MAX_FOLDERS = 1000;

    private final MailConnector connector;

    ConnectionTest(MailConnector connector) {
        this.connector = connector;
    }

    public ConnectionTestResult test(Mailbox mailbox) {
        long started = System.nanoTime();
        String protocol = mailbox.protocol().name().toLowerCase(Locale.ROOT);
        try {
            if (mailbox.protocol() == Protocol.POP3) {
                try (Pop3Client client = connector.openPop3(mailbox)) {
                    List<Pop3Client.Listed> listed = client.list();
                    long bytes = listed.stream().mapToLong(Pop3Client.Listed::size).sum();
                    return new ConnectionTestResult(true, protocol, mailbox.host(), mailbox.port(), null,
                            null, null, null, listed.size(), bytes, millisSince(started));
                }
            }
            Store store = connector.connect(mailbox);
            try {
                List<String> names = Arrays.stream(store.getDefaultFolder().list("*")).map(Folder::getFullName)
                        .sorted().toList();
                return new ConnectionTestResult(true, protocol, mailbox.host(), mailbox.port(), null, null,
                        names.subList(0, Math.min(MAX_FOLDERS, names.size())), names.size(), null, null,
                        millisSince(started));
            } finally {
                store.close();
            }
        } catch (MessagingException | RuntimeException e) {
            // A failed test is its answer, not an error of the call: said in words, the chain logged.
            Diagnosis diagnosis = Diagnosis.of(e, mailbox.host());
            LOG.infof("connection test of %s:%d (%s) failed: %s", LogText.of(mailbox.host()), mailbox.port(),
                    protocol, LogText.of(diagnosis.detail()));
            return new ConnectionTestResult(false, protocol, mailbox.host(), mailbox.port(),
                    diagnosis.state().wireName(), diagnosis.reason(), null, null, null, null, millisSince(started));
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
