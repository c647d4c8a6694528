package io.mailcellar.mail;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.ScriptedPop3Server;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocketFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The POP3 session against an in-JVM server: login by AUTH PLAIN and
 * XOAUTH2, the maildrop listed, messages retrieved byte-exact by TOP and
 * RETR, deletion only through DELE and QUIT, and clear refusals.
 */
class Pop3ClientTest {

    private static final String PASSWORD = "pop3-client-secret";
    private static final Session MAIL = Session.getInstance(new Properties());

    private static GreenMail greenMail;
    private static int pop3sPort;

    @BeforeAll
    static void start() {
        int pop3Port = FreePorts.next();
        pop3sPort = FreePorts.next();
        greenMail = new GreenMail(new ServerSetup[]{
                new ServerSetup(pop3Port, "127.0.0.1", ServerSetup.PROTOCOL_POP3),
                new ServerSetup(pop3sPort, "127.0.0.1", ServerSetup.PROTOCOL_POP3S)});
        greenMail.start();
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @Test
    void listsTheMaildropAndRetrievesEachMessageAsSent() throws Exception {
        String user = "lister@example.test";
        byte[] one = message("one", "short body");
        byte[] two = message("two", ".starts with a dot\r\n..two dots\r\n.");
        deliver(user, one, two);

        try (Pop3Client pop3 = open(user, AuthType.PASSWORD, PASSWORD)) {
            List<Pop3Client.Listed> listed = pop3.list();
            Map<Integer, String> ids = pop3.uniqueIds();

            assertThat(listed).extracting(Pop3Client.Listed::number).containsExactly(1, 2);
            assertThat(ids).containsOnlyKeys(1, 2);
            assertThat(ids.values()).doesNotHaveDuplicates();
            // GreenMail's LIST gives the body's size, not the message's: the sizes are only hints here.
            assertThat(pop3.retrieve(1, listed.get(0).size(), Long.MAX_VALUE)).isEqualTo(one);
            assertThat(pop3.retrieve(2, 0, Long.MAX_VALUE)).isEqualTo(two);
            assertThat(pop3.top(1, Integer.MAX_VALUE, 0, Long.MAX_VALUE)).isEqualTo(one);
            assertThat(pop3.top(2, Integer.MAX_VALUE, 1, Long.MAX_VALUE)).isEqualTo(two);
            ByteArrayOutputStream streamed = new ByteArrayOutputStream();
            assertThat(pop3.retrieve(2, streamed, Long.MAX_VALUE)).as("RETR streamed").isEqualTo(two.length);
            assertThat(streamed.toByteArray()).isEqualTo(two);
            streamed.reset();
            assertThat(pop3.top(1, Integer.MAX_VALUE, streamed, Long.MAX_VALUE)).as("TOP streamed")
                    .isEqualTo(one.length);
            assertThat(streamed.toByteArray()).isEqualTo(one);
            byte[] headers = pop3.top(1, 0, 0, Long.MAX_VALUE);
            assertThat(new String(headers, StandardCharsets.ISO_8859_1)).contains("Subject: one")
                    .doesNotContain("short body");
            pop3.quit();
        }
    }

    @Test
    void deletesOnlyWhatDeleMarkedAndOnlyOnQuit() throws Exception {
        String dropped = "dropped@example.test";
        deliver(dropped, message("keep", "k"), message("drop", "d"));
        try (Pop3Client pop3 = open(dropped, AuthType.PASSWORD, PASSWORD)) {
            pop3.delete(2);
            // Dropped without QUIT: the server must not remove anything.
        }
        assertThat(subjects(dropped)).containsExactly("keep", "drop");

        String user = "deleter@example.test";
        deliver(user, message("keep", "k"), message("drop", "d"));
        try (Pop3Client pop3 = open(user, AuthType.PASSWORD, PASSWORD)) {
            pop3.delete(2);
            pop3.quit();
        }
        assertThat(subjects(user)).containsExactly("keep");
    }

    @Test
    void logsInWithAnOAuthTokenOverXoauth2() throws Exception {
        String user = "oauth@example.test";
        deliver(user, message("token", "t"));

        try (Pop3Client pop3 = open(user, AuthType.XOAUTH2, PASSWORD)) {
            assertThat(pop3.list()).hasSize(1);
        }
    }

    /** Exchange Online's POP3 takes XOAUTH2 only in two steps; so does every other SASL server. */
    @Test
    void xoauth2IsSentInTwoStepsAsExchangeOnlineWants() throws Exception {
        try (ScriptedPop3Server exchange = new ScriptedPop3Server()) {
            exchange.serve(List.of(new ScriptedPop3Server.Message("u1", message("one", "1"))));
            exchange.acceptBearer("access-token-1");

            try (Pop3Client pop3 = Pop3Client.open(endpoint(exchange.port(), Security.NONE), "shared@example.test",
                    AuthType.XOAUTH2, "access-token-1")) {
                assertThat(pop3.list()).hasSize(1);
            }
            assertThat(exchange.authLines()).containsExactly("AUTH XOAUTH2");

            assertThatThrownBy(() -> Pop3Client.open(endpoint(exchange.port(), Security.NONE),
                    "shared@example.test", AuthType.XOAUTH2, "expired-token-2"))
                    .isInstanceOf(AuthenticationFailedException.class)
                    .hasMessageContaining("bad password").hasMessageNotContaining("expired-token-2");
        }
    }

    @Test
    void aWrongPasswordIsARefusedLoginAndSaysWhatTheServerSaid() {
        assertLoginRefused("refused@example.test", AuthType.PASSWORD, "not-the-password");
    }

    @Test
    void aWrongOAuthTokenIsARefusedLogin() {
        assertLoginRefused("oauth-refused@example.test", AuthType.XOAUTH2, "expired-token");
    }

    /** The login is refused, and the wrong secret appears in no message. */
    private static void assertLoginRefused(String user, AuthType auth, String wrongSecret) {
        greenMail.setUser(user, user, PASSWORD);

        assertThatThrownBy(() -> open(user, auth, wrongSecret))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageNotContaining(wrongSecret);
    }

    /**
     * A user name or secret with a line break must never smuggle a command of
     * its own (say DELE): in AUTH PLAIN it travels base64-encoded, and a plain
     * command line carrying one is refused unsent. Either way the login fails
     * and the maildrop is untouched.
     */
    @Test
    void aLineBreakInAUserNameOrSecretNeverBecomesACommand() throws Exception {
        String user = "injected@example.test";
        greenMail.setUser(user, user, PASSWORD);
        deliver(user, "Subject: kept\r\n\r\nKept.\r\n".getBytes(StandardCharsets.US_ASCII));

        assertThatThrownBy(() -> open(user + "\r\nDELE 1", AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class);
        assertThatThrownBy(() -> open(user, AuthType.PASSWORD, PASSWORD + "\r\nDELE 1"))
                .isInstanceOf(MessagingException.class);
        try (Pop3Client pop3 = open(user, AuthType.PASSWORD, PASSWORD)) {
            assertThat(pop3.list()).as("nothing was deleted").hasSize(1);
        }
    }

    @Test
    void starttlsIsRequiredNotOpportunistic() {
        // GreenMail's plain POP3 offers no STLS: going on in the clear would betray the mailbox's setting.
        assertThatThrownBy(() -> Pop3Client.open(endpoint(greenMail.getPop3().getPort(), Security.STARTTLS),
                "anyone@example.test", AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("does not offer STLS");
    }

    @Test
    void aServerCertificateThatIsNotTrustedIsRefused() {
        // GreenMail's certificate is self-signed: the default trust store must not accept it.
        assertThatThrownBy(() -> Pop3Client.open(endpoint(pop3sPort, Security.TLS),
                "anyone@example.test", AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasCauseInstanceOf(SSLException.class);
    }

    @Test
    void aServerThatIsNotThereIsAConnectError() {
        int closed = FreePorts.next();

        assertThatThrownBy(() -> Pop3Client.open(endpoint(closed, Security.NONE), "anyone@example.test",
                AuthType.PASSWORD, PASSWORD))
                .isInstanceOf(MessagingException.class)
                .hasMessageContaining("cannot connect to the POP3 server 127.0.0.1:" + closed);
    }

    @Test
    void aServerThatDoesNotGreetAsPop3IsSaidSoWithoutItsWords() throws Exception {
        try (io.mailcellar.testsupport.BannerServer listener = new io.mailcellar.testsupport.BannerServer(
                "220 smtp.internal ESMTP Postfix (Debian)")) {

            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pop3Client.open(
                    endpoint(listener.port(), Security.NONE), "u", AuthType.PASSWORD, "pw"))
                    .hasMessage("the server 127.0.0.1:" + listener.port() + " did not greet as a POP3 server "
                            + "does (+OK); check the port and security");
        }
    }

    private static Pop3Client open(String user, AuthType auth, String secret) throws MessagingException {
        return Pop3Client.open(endpoint(greenMail.getPop3().getPort(), Security.NONE), user, auth, secret);
    }

    private static Pop3Client.Endpoint endpoint(int port, Security security) {
        return new Pop3Client.Endpoint("127.0.0.1", port, security, Duration.ofSeconds(5), Duration.ofSeconds(10),
                (SSLSocketFactory) SSLSocketFactory.getDefault(), javax.net.SocketFactory.getDefault());
    }

    private static void deliver(String user, byte[]... messages) throws Exception {
        GreenMailUser mailUser = greenMail.setUser(user, user, PASSWORD);
        for (byte[] message : messages) {
            mailUser.deliver(new MimeMessage(MAIL, new ByteArrayInputStream(message)));
        }
    }

    private static List<String> subjects(String user) throws Exception {
        return greenMail.getManagers().getImapHostManager()
                .getInbox(greenMail.getManagers().getUserManager().getUser(user)).getMessages().stream()
                .map(stored -> {
                    try {
                        return stored.getMimeMessage().getSubject();
                    } catch (MessagingException e) {
                        throw new IllegalStateException(e);
                    }
                }).toList();
    }

    private static byte[] message(String subject, String body) {
        return ("From: a@example.test\r\nTo: b@example.test\r\nSubject: " + subject + "\r\n"
                + "Message-ID: <" + subject + "@example.test>\r\n\r\n" + body + "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
