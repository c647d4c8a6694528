package io.mailcellar.mail;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.TestFiles;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import jakarta.mail.Store;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The service's IMAP connections against Dovecot over TLS, as the poller
 * makes them: IMAPS and STARTTLS both log in and read, the certificate must
 * name the host, and every connection, TLS or not, is metered by the
 * {@link ConnectionWatch} (what the minimum transfer rate is judged on).
 * The JVM's default trust is this run's certificate, as a deployment's
 * would be its CA's.
 */
class MailConnectorDovecotIT {

    private static final String USER = "tls@imap.example.test";
    private static final String PASSWORD = "imap-tls-secret";
    private static final byte[] MESSAGE = ("From: a@example.test\r\nTo: tls@imap.example.test\r\n"
            + "Subject: over TLS\r\nMessage-ID: <imap-tls@example.test>\r\n\r\nsecret body\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static Dovecot dovecot;
    private static SSLContext defaultBefore;
    private static ConnectionWatch watch;
    private static MailConnector connector;

    @BeforeAll
    static void start() throws IOException, NoSuchAlgorithmException {
        Path dir = Path.of("target", "mail-connector-it").toAbsolutePath();
        TestFiles.deleteTree(dir);
        dovecot = Dovecot.startWithTls(dir.resolve("dovecot"));
        dovecot.addUser(USER, PASSWORD);
        dovecot.save(USER, "INBOX", MESSAGE);
        defaultBefore = SSLContext.getDefault();
        SSLContext.setDefault(dovecot.certificate().trustingContext());
        watch = new ConnectionWatch(io.mailcellar.testsupport.TestOutbound.loopbackAllowed());
        connector = new MailConnector(new MailTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(10)), null, watch, null);
    }

    @AfterAll
    static void stop() {
        if (defaultBefore != null) {
            SSLContext.setDefault(defaultBefore);
        }
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void imapsReadsTheMailboxAndIsMetered() throws Exception {
        assertReadsAndIsMetered(mailbox("127.0.0.1", dovecot.imapsPort(), Security.TLS));
    }

    @Test
    void starttlsReadsTheMailboxAndIsMetered() throws Exception {
        assertReadsAndIsMetered(mailbox("127.0.0.1", dovecot.imapPort(), Security.STARTTLS));
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same server under another name.
        for (Mailbox mailbox : List.of(mailbox("localhost", dovecot.imapsPort(), Security.TLS),
                mailbox("localhost", dovecot.imapPort(), Security.STARTTLS))) {
            assertThatThrownBy(() -> connect(mailbox).close()).as(mailbox.security().name())
                    .isInstanceOf(MessagingException.class)
                    // The JDK's host name check in the handshake, under IMAPS's or STARTTLS's own exception.
                    .hasStackTraceContaining("javax.net.ssl.SSLHandshakeException: No name matching localhost found");
        }
        watch.forget(Thread.currentThread());
    }

    @Test
    void pop3OverTlsIsMeteredToo() throws Exception {
        Pop3Client.Endpoint endpoint = new Pop3Client.Endpoint("127.0.0.1", dovecot.pop3sPort(), Security.TLS,
                Duration.ofSeconds(5), Duration.ofSeconds(10), dovecot.certificate().trustingClient(), watch.plain());
        try (Pop3Client pop3 = Pop3Client.open(endpoint, USER, AuthType.PASSWORD, PASSWORD)) {
            assertThat(pop3.list()).hasSize(1);
            pop3.quit();
        }
        assertThat(watch.received(Thread.currentThread())).as("bytes on the wire, TLS records included")
                .isGreaterThan(MESSAGE.length / 10);
        watch.forget(Thread.currentThread());
    }

    private static void assertReadsAndIsMetered(Mailbox mailbox) throws MessagingException, IOException {
        Thread self = Thread.currentThread();
        watch.forget(self);
        Store store = connect(mailbox);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            assertThat(inbox.getMessageCount()).isEqualTo(1);
            java.io.ByteArrayOutputStream raw = new java.io.ByteArrayOutputStream();
            inbox.getMessage(1).writeTo(raw);
            assertThat(raw.toString(StandardCharsets.US_ASCII)).contains("Subject: over TLS", "secret body");
            inbox.close(false);
        } finally {
            store.close();
        }
        assertThat(watch.received(self)).as("what came through the metered socket: more than the message")
                .isGreaterThan(MESSAGE.length);
        assertThat(watch.waitedNanos(self)).isPositive();
        watch.forget(self);
    }

    private static Store connect(Mailbox mailbox) throws MessagingException {
        String protocol = MailConnector.protocolName(mailbox);
        Store store = connector.session(mailbox, protocol).getStore(protocol);
        store.connect(mailbox.host(), mailbox.port(), USER, PASSWORD);
        return store;
    }

    private static Mailbox mailbox(String host, int port, Security security) {
        return new Mailbox("mb-tls", "n", Protocol.IMAP, host, port, security, USER,
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                Pop3DeleteMode.NEVER, null, null, true, Instant.EPOCH, Instant.EPOCH, null, null);
    }
}
