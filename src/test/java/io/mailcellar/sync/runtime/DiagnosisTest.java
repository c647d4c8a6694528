package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.mailbox.MailboxState;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

/** What a person reads in the status when a poll fails. */
class DiagnosisTest {

    private static final String HOST = "mail.example.test";

    @Test
    void aRefusedPasswordIsAuthFailed() {
        Diagnosis diagnosis = Diagnosis.of(new AuthenticationFailedException("[AUTHENTICATIONFAILED] Authentication "
                + "failed."), HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.AUTH_FAILED);
        assertThat(diagnosis.reason()).isEqualTo("the server mail.example.test refused the password "
                + "([AUTHENTICATIONFAILED] Authentication failed.)");
    }

    @Test
    void exchangesSuggestedBackoffIsHonouredAndGmailsThrottlingIsThrottling() {
        Diagnosis exchange = Diagnosis.of(new jakarta.mail.MessagingException(
                "A6 NO Request is throttled. Suggested Backoff Time: 4000 milliseconds"), HOST);
        assertThat(exchange.state()).isEqualTo(MailboxState.THROTTLED);
        assertThat(exchange.pause()).isEqualTo(java.time.Duration.ofSeconds(4));
        assertThat(exchange.reason()).contains("is throttling this account");

        Diagnosis gmail = Diagnosis.of(new jakarta.mail.StoreClosedException(null,
                "* BYE [THROTTLED] Account exceeded command or bandwidth limits"), HOST);
        assertThat(gmail.state()).isEqualTo(MailboxState.THROTTLED);
        assertThat(gmail.pause()).as("the back-off decides").isNull();
    }

    @Test
    void aUsedUpDayWaitsUntilMidnight() {
        java.time.Instant now = java.time.Instant.parse("2026-12-05T18:00:00Z");
        Diagnosis day = Diagnosis.dailyLimit(2_000_000_000L, java.time.Instant.parse("2026-12-06T00:00:00Z"), now);

        assertThat(day.state()).isEqualTo(MailboxState.THROTTLED);
        assertThat(day.pause()).isEqualTo(java.time.Duration.ofHours(6));
        assertThat(day.reason()).contains("2000000000 bytes, limits.maxBytesPerDay");
    }

    @Test
    void anExpiredAccessTokenIsRecognisedAnywhereInTheChain() {
        var bye = new jakarta.mail.MessagingException("sync failed",
                new jakarta.mail.StoreClosedException(null, "* BYE Session invalidated - AccessTokenExpired"));

        assertThat(Diagnosis.accessTokenExpired(bye)).isTrue();
        assertThat(Diagnosis.accessTokenExpired(new jakarta.mail.MessagingException("folders failed: "
                + "{INBOX=Session invalidated - accesstokenexpired}"))).isTrue();
        assertThat(Diagnosis.accessTokenExpired(new AuthenticationFailedException("AUTHENTICATE failed"))).isFalse();
    }

    @Test
    void aSecretThatDoesNotOpenIsAuthFailedAndSaysNothingWasSent() {
        var sealed = new io.mailcellar.mailbox.SecretSealer.SealingException("mailbox m-1: sealed secret does not "
                + "open with key 'k1' (a wrong key, tampering, or a record changed to send it to another server)");

        Diagnosis diagnosis = Diagnosis.of(sealed, HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.AUTH_FAILED);
        assertThat(diagnosis.reason()).startsWith("the stored credentials cannot be used (mailbox m-1: sealed")
                .contains("nothing was sent to " + HOST).contains("PATCH").doesNotContain("refused the password");
    }

    @Test
    void aSignInTheProviderRefusesForGoodIsAuthFailedInItsOwnWordsAndNeedsAPerson() {
        var revoked = new jakarta.mail.MessagingException("connect failed",
                new io.mailcellar.mailbox.RevokedCredentialsException("the token endpoint id.example.test no longer "
                        + "accepts this mailbox's sign-in (invalid_grant): sign in again"));

        Diagnosis diagnosis = Diagnosis.of(revoked, HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.AUTH_FAILED);
        assertThat(diagnosis.reason()).startsWith("the token endpoint id.example.test no longer accepts")
                .doesNotContain("refused the password");
        assertThat(Diagnosis.needsAPerson(revoked)).isTrue();
        assertThat(Diagnosis.needsAPerson(new AuthenticationFailedException("no"))).isFalse();
    }

    @Test
    void aMaildropInUseOrAConnectionLimitIsThrottled() {
        assertThat(Diagnosis.of(new AuthenticationFailedException("[IN-USE] Mailbox locked"), HOST))
                .extracting(Diagnosis::state, Diagnosis::reason)
                .containsExactly(MailboxState.THROTTLED, "the maildrop is in use by another POP3 session");
        assertThat(Diagnosis.of(new MessagingException("* BYE [UNAVAILABLE] Maximum number of connections from "
                + "user+IP exceeded"), HOST).state()).isEqualTo(MailboxState.THROTTLED);
    }

    @Test
    void networkFailuresAreNamedPlainly() {
        assertThat(Diagnosis.of(new MessagingException("connect failed", new UnknownHostException(HOST)), HOST)
                .reason()).isEqualTo("DNS: no such host mail.example.test");
        assertThat(Diagnosis.of(new MessagingException("connect failed", new ConnectException("Connection refused")),
                HOST).reason()).isEqualTo("connection refused by mail.example.test");
        assertThat(Diagnosis.of(new MessagingException("read", new SocketTimeoutException("Read timed out")), HOST)
                .reason()).isEqualTo("the server mail.example.test timed out");
        assertThat(Diagnosis.of(new MessagingException("tls", new SSLHandshakeException("PKIX path building failed")),
                HOST).reason()).isEqualTo("the certificate of mail.example.test is not trusted");
    }

    @Test
    void aConnectionTheGuardRefusedSaysSoAndWhy() {
        String why = "refused by the outbound guard: 'mail.example.test' resolves to 10.0.0.1, a private address "
                + "(10.0.0.0/8), where the service does not connect by default; an operator can permit it with "
                + "mailcellar.mail.allowed-networks or mailcellar.mail.allowed-hosts";
        Diagnosis diagnosis = Diagnosis.of(new MessagingException("Couldn't connect to host, port: mail.example.test, "
                + "993; timeout 5000", new ConnectException("as Angus wraps it") {
                    {
                        initCause(new io.mailcellar.outbound.OutboundRefusedException(why));
                    }
                }), HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.BACKING_OFF);
        assertThat(diagnosis.reason()).isEqualTo(why);
    }

    @Test
    void anArchiveOutageIsArchiveFailing() {
        Diagnosis diagnosis = Diagnosis.of(new ArchiveUnavailableException("S3 did not answer",
                new ConnectException("Connection refused")), HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.ARCHIVE_FAILING);
        assertThat(diagnosis.reason()).isEqualTo("the archive store cannot be written: S3 did not answer");
    }

    @Test
    void serverTextCannotForgeALogLineOrAStatus() {
        Diagnosis diagnosis = Diagnosis.of(new AuthenticationFailedException("no\r\nINFO forged line"), HOST);

        assertThat(diagnosis.reason()).doesNotContain("\n", "\r").contains("no\\r\\nINFO forged line");
        assertThat(diagnosis.detail()).doesNotContain("\n", "\r");
    }

    @Test
    void anythingElseKeepsItsDetail() {
        Diagnosis diagnosis = Diagnosis.of(new MessagingException("A3 BAD Error in IMAP command"), HOST);

        assertThat(diagnosis.state()).isEqualTo(MailboxState.BACKING_OFF);
        assertThat(diagnosis.reason()).isEqualTo("the poll failed: MessagingException: A3 BAD Error in IMAP command");
    }

    @Test
    void aRunCutShortSaysSoAndKeepsWhatTheClosingCaused() {
        Diagnosis cut = Diagnosis.cutShort(java.time.Duration.ofHours(1),
                Diagnosis.of(new MessagingException("read", new java.net.SocketException("Socket closed")), HOST));

        assertThat(cut.state()).isEqualTo(MailboxState.BACKING_OFF);
        assertThat(cut.reason()).isEqualTo("the run took longer than PT1H (mailcellar.sync.max-run-duration) and was "
                + "cut short; the next run goes on from where it stopped");
        assertThat(cut.detail()).contains("Socket closed");
    }
}
