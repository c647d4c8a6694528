package io.mailcellar.mail;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.TestFiles;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The POP3 session against Dovecot with a certificate for 127.0.0.1: POP3S
 * and STLS both carry a whole session, a certificate that does not name the
 * host connected to is refused, and USER/PASS carries no smuggled command.
 */
class Pop3ClientDovecotIT {

    private static final String USER = "tls@pop3.example.test";
    private static final String PASSWORD = "tls-secret";
    private static final byte[] MESSAGE = ("From: a@example.test\r\nTo: tls@pop3.example.test\r\n"
            + "Subject: over TLS\r\nMessage-ID: <tls@example.test>\r\n\r\nsecret body\r\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static Dovecot dovecot;

    @BeforeAll
    static void start() throws IOException {
        Path dir = Path.of("target", "pop3-client-it").toAbsolutePath();
        // A fresh maildrop for each run: an earlier run's messages would still be there.
        TestFiles.deleteTree(dir);
        dovecot = Dovecot.startWithTls(dir.resolve("dovecot"));
        dovecot.addUser(USER, PASSWORD);
        dovecot.save(USER, "INBOX", MESSAGE);
    }

    @AfterAll
    static void stop() {
        if (dovecot != null) {
            dovecot.close();
        }
    }

    @Test
    void aWholeSessionRunsOverTlsFromTheFirstByte() throws Exception {
        assertWholeSession(endpoint("127.0.0.1", dovecot.pop3sPort(), Security.TLS));
    }

    @Test
    void aWholeSessionRunsAfterStls() throws Exception {
        assertWholeSession(endpoint("127.0.0.1", dovecot.pop3Port(), Security.STARTTLS));
    }

    @Test
    void aCertificateThatDoesNotNameTheHostIsRefused() {
        // The certificate names 127.0.0.1 only; "localhost" reaches the same server under another name.
        assertThatThrownBy(() -> Pop3Client.open(endpoint("localhost", dovecot.pop3sPort(), Security.TLS), USER,
                AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasCauseInstanceOf(SSLHandshakeException.class);
        assertThatThrownBy(() -> Pop3Client.open(endpoint("localhost", dovecot.pop3Port(), Security.STARTTLS), USER,
                AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("STLS with localhost failed")
                .hasCauseInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void aLineBreakInTheUserNameIsRefusedBeforeItReachesTheServer() {
        // Dovecot offers USER on its plain port, where a CRLF would end the command and start another.
        assertThatThrownBy(() -> Pop3Client.open(endpoint("127.0.0.1", dovecot.pop3Port(), Security.NONE),
                USER + "\r\nQUIT", AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("would contain a line break")
                .hasMessageNotContaining(PASSWORD);
    }

    private static void assertWholeSession(Pop3Client.Endpoint endpoint) throws MessagingException {
        try (Pop3Client pop3 = Pop3Client.open(endpoint, USER, AuthType.PASSWORD, PASSWORD)) {
            List<Pop3Client.Listed> listed = pop3.list();
            assertThat(listed).hasSize(1);
            byte[] message = pop3.top(1, Integer.MAX_VALUE, listed.get(0).size(), Long.MAX_VALUE);
            assertThat(message).hasSize(listed.get(0).size());
            assertThat(new String(message, StandardCharsets.US_ASCII)).contains("Subject: over TLS", "secret body");
            assertThat(pop3.uniqueIds()).containsOnlyKeys(1);
            pop3.quit();
        }
    }

    private static Pop3Client.Endpoint endpoint(String host, int port, Security security) {
        SSLSocketFactory tls = dovecot.certificate().trustingClient();
        return new Pop3Client.Endpoint(host, port, security, Duration.ofSeconds(5), Duration.ofSeconds(10), tls,
                javax.net.SocketFactory.getDefault());
    }
}
