package io.mailcellar.mail;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import io.mailcellar.outbound.OutboundGuard;
import io.mailcellar.outbound.OutboundRefusedException;
import io.mailcellar.outbound.OutboundRules;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailConnectorTest {

    private final MailConnector connector = new MailConnector(settings(), null, new ConnectionWatch(io.mailcellar.testsupport.TestOutbound.loopbackAllowed()), null);

    private static Mailbox mailbox(Security security, AuthType auth) {
        return new Mailbox("mb-1", "n", Protocol.IMAP, "mail.example.test", 993, security, "alice",
                new Mailbox.SealedAuth(auth, "v1.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                Pop3DeleteMode.NEVER, null, null, true, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    /**
     * Angus falls back to a plain {@code java.net.Socket} when its factory's socket fails, unless told not to:
     * a refused connection would then be made anyway. The refused address is 127.0.0.2, listened on here.
     */
    @Test
    void anAddressTheGuardRefusesIsNotConnectedByAFallbackEither() throws Exception {
        MailConnector strict = new MailConnector(settings(), null, new ConnectionWatch(new OutboundGuard(
                new OutboundRules(List.of(), List.of("127.0.0.1/32"), List.of()), InetAddress::getAllByName)), null);
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.2"))) {
            listener.setSoTimeout(300);
            jakarta.mail.Store store = strict.session(mailbox(Security.NONE, AuthType.PASSWORD), "imap").getStore("imap");

            assertThatThrownBy(() -> store.connect("127.0.0.2", listener.getLocalPort(), "alice", "pw"))
                    .hasRootCauseInstanceOf(OutboundRefusedException.class)
                    .hasRootCauseMessage("refused by the outbound guard: 127.0.0.2 is a loopback address (127.0.0.0/8), "
                            + "where the service does not connect by default; an operator can permit it with "
                            + "mailcellar.mail.allowed-networks or mailcellar.mail.allowed-hosts");
            assertThatThrownBy(listener::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    /** What a service that is not IMAP says first is not repeated: it would tell a caller what listens there. */
    @Test
    void aServerThatDoesNotGreetAsImapIsSaidSoWithoutItsWords() throws Exception {
        try (io.mailcellar.testsupport.BannerServer listener = new io.mailcellar.testsupport.BannerServer(
                "SSH-2.0-OpenSSH_9.2 internal-build-7")) {
            io.mailcellar.mailbox.SecretSealer sealer = io.mailcellar.mailbox.SecretSealerTest.sealer(java.util.Map.of(
                    "k1", java.util.Base64.getEncoder().encodeToString(new byte[32])), "k1");
            io.mailcellar.mailbox.SealedFor destination = new io.mailcellar.mailbox.SealedFor("mb-1", "127.0.0.1",
                    listener.port(), Security.NONE, "alice");
            Mailbox at = new Mailbox("mb-1", "n", Protocol.IMAP, "127.0.0.1", listener.port(), Security.NONE,
                    "alice", new Mailbox.SealedAuth(AuthType.PASSWORD, sealer.seal(destination, "pw")),
                    Duration.ofMinutes(15), List.of("*"), List.of(), Pop3DeleteMode.NEVER, null, null, true,
                    Instant.EPOCH, Instant.EPOCH, null, null);
            MailConnector connector = new MailConnector(settings(), sealer,
                    new ConnectionWatch(io.mailcellar.testsupport.TestOutbound.loopbackAllowed()), null);

            assertThatThrownBy(() -> connector.connect(at))
                    .hasMessage("the server 127.0.0.1:" + listener.port() + " did not answer as an IMAP server "
                            + "does before login (* OK); check the port and security")
                    .hasNoCause();
        }
    }

    @Test
    void fetchesNeverSetSeenComeWholeAndVerifyTheServer() {
        Properties props = connector.properties(mailbox(Security.TLS, AuthType.PASSWORD), "imaps");

        assertThat(props)
                .containsEntry("mail.imaps.peek", "true")
                .containsEntry("mail.imaps.partialfetch", "false")
                .containsEntry("mail.imaps.ssl.checkserveridentity", "true")
                .containsEntry("mail.imaps.connectiontimeout", "30000")
                .containsEntry("mail.imaps.timeout", "120000")
                .doesNotContainKey("mail.imaps.auth.mechanisms");
    }

    @Test
    void mailboxesOfTheSameSettingsShareOneSession() {
        Mailbox tls = mailbox(Security.TLS, AuthType.PASSWORD);

        assertThat(connector.session(tls, "imaps")).as("the next poll of the mailbox")
                .isSameAs(connector.session(tls, "imaps"))
                .isSameAs(connector.session(mailbox(Security.TLS, AuthType.PASSWORD), "imaps"));
        assertThat(connector.session(mailbox(Security.STARTTLS, AuthType.PASSWORD), "imap"))
                .isNotSameAs(connector.session(tls, "imaps"));
        assertThat(connector.session(mailbox(Security.TLS, AuthType.XOAUTH2), "imaps").getProperties())
                .containsEntry("mail.imaps.auth.mechanisms", "XOAUTH2");
        for (AuthType oauth : java.util.List.of(AuthType.OAUTH2, AuthType.OAUTH2_APP)) {
            assertThat(connector.session(mailbox(Security.TLS, oauth), "imaps").getProperties()).as(oauth.name())
                    .containsEntry("mail.imaps.auth.mechanisms", "XOAUTH2");
        }
        assertThat(connector.session(tls, "imaps").getProperties()).doesNotContainKey("mail.imaps.auth.mechanisms");
    }

    @Test
    void starttlsIsRequiredNotOpportunistic() {
        Properties props = connector.properties(mailbox(Security.STARTTLS, AuthType.PASSWORD), "imap");
        assertThat(props)
                .containsEntry("mail.imap.starttls.enable", "true")
                .containsEntry("mail.imap.starttls.required", "true");
    }

    @Test
    void oauthTokensUseXoauth2() {
        Properties props = connector.properties(mailbox(Security.TLS, AuthType.XOAUTH2), "imaps");
        assertThat(props).containsEntry("mail.imaps.auth.mechanisms", "XOAUTH2");
    }

    private static MailTimeouts settings() {
        return new MailTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(120));
    }
}
