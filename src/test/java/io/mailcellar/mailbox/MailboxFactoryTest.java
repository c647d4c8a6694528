package io.mailcellar.mailbox;

import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.testsupport.TestOutbound;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MailboxFactoryTest {

    private final SecretSealer sealer =
            SecretSealerTest.sealer(Map.of("k1", Base64.getEncoder().encodeToString(new byte[32])), "k1");

    private static final OAuth2Credentials SIGNED_IN = new OAuth2Credentials(1, OAuth2Provider.GOOGLE,
            "client-id.apps", "client-secret", "1//refresh-from-sign-in", null, null, "https://mail.google.com/");

    private final TestSignedInAccounts signedIn = new TestSignedInAccounts().with("sign-in-1", SIGNED_IN);

    private MailboxFactory factory(boolean allowInsecure) {
        MailboxSettings settings = new TestMailboxSettings(allowInsecure);
        return new MailboxFactory(settings, sealer, Clock.fixed(Instant.parse("2026-11-26T12:00:00Z"), ZoneOffset.UTC),
                signedIn, TestOutbound.resolving(Map.of("metadata.example.test", "169.254.169.254",
                        "inward.example.test", "10.0.0.1")));
    }

    private static MailboxRegistration imap(Security security, Integer port, MailboxRegistration.Schedule schedule,
                                            MailboxRegistration.Pop3 pop3) {
        return new MailboxRegistration(null, Protocol.IMAP, "mail.example.test", port, security, "alice",
                MailboxRegistration.Auth.password("hunter2"), schedule, null, pop3, null, null, null, null);
    }

    @Test
    void appliesTheDocumentedDefaultsAndSealsThePassword() {
        Mailbox mailbox = factory(false).create(imap(null, null, null, null));

        assertThat(mailbox.security()).isEqualTo(Security.TLS);
        assertThat(mailbox.port()).isEqualTo(993);
        assertThat(mailbox.name()).isEqualTo("alice@mail.example.test");
        assertThat(mailbox.interval()).isEqualTo(Duration.ofMinutes(15));
        assertThat(mailbox.include()).containsExactly("*");
        assertThat(mailbox.exclude()).isEmpty();
        assertThat(mailbox.pop3DeleteFromServer()).isEqualTo(Pop3DeleteMode.NEVER);
        assertThat(mailbox.enabled()).isTrue();
        assertThat(mailbox.createdAt()).isEqualTo(Instant.parse("2026-11-26T12:00:00Z"));
        assertThat(mailbox.auth().sealedSecret()).doesNotContain("hunter2");
        assertThat(sealer.open(SealedFor.of(mailbox), mailbox.auth().sealedSecret())).isEqualTo("hunter2");
        assertThat(mailbox.toString()).doesNotContain(mailbox.auth().sealedSecret());
    }

    @Test
    void portsFollowProtocolAndSecurity() {
        assertThat(Protocol.IMAP.defaultPort(Security.STARTTLS)).isEqualTo(143);
        assertThat(Protocol.IMAP.defaultPort(Security.NONE)).isEqualTo(143);
        assertThat(Protocol.POP3.defaultPort(Security.TLS)).isEqualTo(995);
        assertThat(Protocol.POP3.defaultPort(Security.STARTTLS)).isEqualTo(110);
        assertThat(factory(false).create(imap(Security.STARTTLS, null, null, null)).port()).isEqualTo(143);
        assertThat(factory(false).create(imap(Security.TLS, 10993, null, null)).port()).isEqualTo(10993);
    }

    @Test
    void plaintextNeedsTheOperatorsConsent() {
        assertThatThrownBy(() -> factory(false).create(imap(Security.NONE, null, null, null)))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("security"))
                .hasMessageContaining("mailcellar.mail.allow-insecure");
        assertThat(factory(true).create(imap(Security.NONE, null, null, null)).port()).isEqualTo(143);
    }

    @Test
    void intervalsBelowTheMinimumAreRefused() {
        var everySecond = new MailboxRegistration.Schedule(Duration.ofSeconds(1));
        assertThatThrownBy(() -> factory(false).create(imap(null, null, everySecond, null)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("schedule.interval"))
                .hasMessageContaining("PT1M");
    }

    @Test
    void intervalsAboveAYearAndADayAreRefused() {
        var everyTwoYears = new MailboxRegistration.Schedule(Duration.ofDays(730));
        assertThatThrownBy(() -> factory(false).create(imap(null, null, everyTwoYears, null)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("schedule.interval"))
                .hasMessageContaining("PT8784H").hasMessageContaining("enabled to false");
        assertThat(factory(false).create(imap(null, null, new MailboxRegistration.Schedule(Duration.ofDays(366)),
                null)).interval()).isEqualTo(Duration.ofDays(366));
    }

    @Test
    void pop3OptionsOnAnImapMailboxAreRefused() {
        var deleting = new MailboxRegistration.Pop3(Pop3DeleteMode.AFTER_ARCHIVE, null);
        assertThatThrownBy(() -> factory(false).create(imap(null, null, null, deleting)))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("pop3.deleteFromServer"));
    }

    @Test
    void pop3MailboxesKeepMailOnTheServerUnlessToldOtherwise() {
        var plain = new MailboxRegistration(null, Protocol.POP3, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null, null, null, null, null, null);
        Mailbox mailbox = factory(false).create(plain);
        assertThat(mailbox.port()).isEqualTo(995);
        assertThat(mailbox.pop3DeleteFromServer()).isEqualTo(Pop3DeleteMode.NEVER);

        var afterDays = new MailboxRegistration(null, Protocol.POP3, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null,
                new MailboxRegistration.Pop3(Pop3DeleteMode.AFTER_DAYS, null), null, null, null, null);
        assertThatThrownBy(() -> factory(false).create(afterDays))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("pop3.days"));
        var withDays = new MailboxRegistration(null, Protocol.POP3, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null,
                new MailboxRegistration.Pop3(Pop3DeleteMode.AFTER_DAYS, 14), null, null, null, null);
        assertThat(factory(false).create(withDays).pop3Days()).isEqualTo(14);
    }

    @Test
    void folderPatternsAreKept() {
        var registration = new MailboxRegistration("Work", Protocol.IMAP, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null,
                new MailboxRegistration.Folders(List.of("INBOX", "Projects/*"), List.of("Junk")), null, null, false, null, null);
        Mailbox mailbox = factory(false).create(registration);
        assertThat(mailbox.include()).containsExactly("INBOX", "Projects/*");
        assertThat(mailbox.exclude()).containsExactly("Junk");
        assertThat(mailbox.enabled()).isFalse();
        assertThat(mailbox.name()).isEqualTo("Work");
    }

    @Test
    void anIdempotencyKeyGivesTheSameIdEveryTimeAndOtherKeysOthers() {
        assertThat(MailboxFactory.idFor("key-1")).isEqualTo(MailboxFactory.idFor("key-1"))
                .isNotEqualTo(MailboxFactory.idFor("key-2"))
                .matches("[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }

    @Test
    void retentionIsKeptAndItsPop3RuleRefusedOnImap() {
        var keep = new Retention(3, 7, null, null, null);
        var imap = new MailboxRegistration(null, Protocol.IMAP, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null, null, keep, null, null, null);
        assertThat(factory(false).create(imap).retention()).isEqualTo(keep);

        var none = new MailboxRegistration(null, Protocol.IMAP, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null, null,
                new Retention(null, null, null, null, null), null, null, null);
        assertThat(factory(false).create(none).retention()).as("no rule keeps everything").isNull();

        var pop3Rule = new MailboxRegistration(null, Protocol.IMAP, "mail.example.test", null, null, "alice",
                MailboxRegistration.Auth.password("hunter2"), null, null, null,
                new Retention(1, null, null, null, true), null, null, null);
        assertThatThrownBy(() -> factory(false).create(pop3Rule))
                .isInstanceOfSatisfying(InvalidFieldException.class,
                        e -> assertThat(e.field()).isEqualTo("retention.pruneDeletedFromServer"));
    }

    private static MailboxRegistration withAuth(MailboxRegistration.Auth auth) {
        return new MailboxRegistration(null, Protocol.IMAP, "imap.example.test", null, null, "alice@example.test",
                auth, null, null, null, null, null, null, null);
    }

    @Test
    void oauth2SealsTheCredentialsWholeAndDefaultsMicrosoftsTenant() {
        Mailbox mailbox = factory(false).create(withAuth(new MailboxRegistration.Auth(AuthType.OAUTH2, null,
                OAuth2Provider.MICROSOFT, "app-id", null, "M.refresh-token", null, null, null, null)));

        assertThat(mailbox.auth().type()).isEqualTo(AuthType.OAUTH2);
        assertThat(mailbox.auth().sealedSecret()).doesNotContain("M.refresh-token");
        OAuth2Credentials credentials = OAuth2Credentials.fromJson(mailbox.id(),
                sealer.open(SealedFor.of(mailbox), mailbox.auth().sealedSecret()));
        assertThat(credentials).isEqualTo(new OAuth2Credentials(1, OAuth2Provider.MICROSOFT, "app-id", null,
                "M.refresh-token", "common", null, null));
    }

    @Test
    void eachAuthTypeNamesTheFieldItMisses() {
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.PASSWORD, null, null, null, null, null, null, null,
                null, null), "auth.password");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, null, "c", null, "r", null, null,
                null, null), "auth.provider");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, OAuth2Provider.GOOGLE, "c", null,
                null, null, null, null, null), "auth.refreshToken");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, OAuth2Provider.GENERIC, "c", null,
                "r", null, null, "mail", null), "auth.tokenEndpoint");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, OAuth2Provider.GENERIC, "c", null,
                "r", null, "http://id.example.test/token", "mail", null), "auth.tokenEndpoint");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2_APP, null, null, "c", "s", null, null, null,
                null, null), "auth.tenant");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2_APP, null, null, "c", null, null, "t", null,
                null, null), "auth.clientSecret");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.PASSWORD, "pw", OAuth2Provider.GOOGLE, null, null,
                null, null, null, null, null), "auth");
        assertThatThrownBy(() -> factory(false).create(withAuth(new MailboxRegistration.Auth(AuthType.XOAUTH2,
                "ya29.token", null, null, null, null, null, null, null, null))))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("auth.type"))
                .hasMessageContaining("replaced by oauth2");
    }

    @Test
    void oauth2NamingAFinishedSignInSealsItsCredentials() {
        Mailbox mailbox = factory(false).create(withAuth(new MailboxRegistration.Auth(AuthType.OAUTH2, null, null,
                null, null, null, null, null, null, "sign-in-1")));

        assertThat(OAuth2Credentials.fromJson(mailbox.id(), sealer.open(SealedFor.of(mailbox),
                mailbox.auth().sealedSecret()))).isEqualTo(SIGNED_IN);
    }

    @Test
    void aSignInComesAloneAndOnlyWithOauth2() {
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, OAuth2Provider.GOOGLE, null, null,
                null, null, null, null, "sign-in-1"), "auth.authorization");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, null, null, null, null, null, null,
                null, "no-such-sign-in"), "auth.authorization");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2_APP, null, null, "c", "s", null, "t", null,
                null, "sign-in-1"), "auth.authorization");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.PASSWORD, "pw", null, null, null, null, null, null,
                null, "sign-in-1"), "auth");
    }

    @Test
    void pushIsImapOnly() {
        MailboxRegistration pop3 = new MailboxRegistration(null, Protocol.POP3, "pop.example.test", null, null,
                "alice", MailboxRegistration.Auth.password("pw"), null, null, null, null, null, null,
                new Push(true, null));

        assertThatThrownBy(() -> factory(false).create(pop3))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("push.idle"))
                .hasMessageContaining("IMAP only");
    }

    @Test
    void aHostOrTokenEndpointOnAnInternalNetworkIsRefusedNamingTheField() {
        MailboxRegistration metadata = new MailboxRegistration(null, Protocol.IMAP, "metadata.example.test", null,
                null, "alice", MailboxRegistration.Auth.password("hunter2"), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> factory(false).create(metadata))
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("host"))
                .hasMessageStartingWith("'metadata.example.test' resolves to 169.254.169.254, the cloud metadata "
                        + "service (169.254.169.254/32)");
        MailboxRegistration literal = new MailboxRegistration(null, Protocol.IMAP, "10.0.0.1", null,
                null, "alice", MailboxRegistration.Auth.password("hunter2"), null, null, null, null, null, null, null);
        assertThatThrownBy(() -> factory(false).create(literal)).hasMessageStartingWith("10.0.0.1 is a private address");
        assertAuthRefused(new MailboxRegistration.Auth(AuthType.OAUTH2, null, OAuth2Provider.GENERIC, "c", null,
                "r", null, "https://inward.example.test/token", "mail", null), "auth.tokenEndpoint");
    }

    private void assertAuthRefused(MailboxRegistration.Auth auth, String field) {
        assertThatThrownBy(() -> factory(false).create(withAuth(auth))).as(auth.toString())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
}
