package io.mailcellar.mail.oauth;

import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.DeviceFlowProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.InterruptingImapProxy;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.OAuth2Server;
import io.mailcellar.testsupport.RotatingTokenProxy;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TopicRecords;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

/**
 * XOAUTH2 for real, on loopback: a Dovecot whose {@code oauth2} passdb checks
 * tokens at a real OAuth2 server's introspection endpoint, and the packaged
 * service getting its access tokens from that server's token endpoint, from a
 * refresh token (IMAP and POP3) or the client-credentials grant (app-only).
 * The server's tokens live 6 seconds, so one run's token has expired by the next.
 */
class OAuth2IT {

    private static final String NAME = "oauth2-it";
    private static final String CLIENT = "mailcellar-test-client";

    private static LocalServers servers;
    private static OAuth2Server oauth;
    private static Dovecot dovecot;
    private static ServiceProcess service;
    private static ServiceApi api;
    private static final List<String> secrets = new ArrayList<>();
    private static final List<String> responses = new ArrayList<>();

    @BeforeAll
    static void start() {
        servers = LocalServers.get();
        oauth = OAuth2Server.start(servers.runDir().resolve("oauth2-server"), 6);
        dovecot = Dovecot.startWithOAuth2(servers.runDir().resolve("dovecot-oauth2"), oauth.introspectionUrl());
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        // Loopback servers speak no TLS: plaintext IMAP and POP3, and an http token endpoint.
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        int port = FreePorts.next();
        // The provider sends a signed-in person's browser back here (the code flow's callback).
        env.put("MAILCELLAR_OAUTH_REDIRECT_BASE_URL", "http://127.0.0.1:" + port);
        service = ServiceProcess.startOnPort(ServiceEnv.jar(), env, servers.runDir().resolve("oauth2-it.log"),
                Duration.ofSeconds(90), port);
        api = new ServiceApi(service);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (dovecot != null) {
            dovecot.close();
        }
        if (oauth != null) {
            oauth.close();
        }
    }

    @Test
    void imapAndPop3BackUpWithARefreshTokenAndAnExpiredAccessTokenIsReplaced() throws Exception {
        String imapUser = "carol@example.test";
        String pop3User = "dave@example.test";
        dovecot.save(imapUser, "INBOX", message("for carol, over XOAUTH2"));
        dovecot.save(imapUser, "INBOX", message("another for carol"));
        dovecot.save(pop3User, "INBOX", message("for dave, over POP3 and XOAUTH2"));
        String carolToken = oauth.refreshToken(CLIENT, imapUser);
        String daveToken = oauth.refreshToken(CLIENT, pop3User);
        secrets.addAll(List.of(carolToken, daveToken));
        double fetched = tokenRequests("ok");

        String imap = register("imap", dovecot.imapPort(), imapUser, oauth2(carolToken));
        String pop3 = register("pop3", dovecot.pop3Port(), pop3User, oauth2(daveToken));

        try (MailEvents events = events(imap); MailEvents pop3Events = events(pop3);
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(60)).until(() -> pop3Events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(imap)).size() == 2);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(pop3)).size() == 1);
            assertThat(tokenRequests("ok") - fetched).as("one access token per mailbox").isEqualTo(2);
            assertThat(Files.readString(dovecot.dir().resolve("dovecot.log")))
                    .contains("method=XOAUTH2").contains("user=<" + imapUser + ">");

            // The first token has expired (6 s) by the next run: a new one is fetched, and the run succeeds.
            Thread.sleep(4_000);
            dovecot.save(imapUser, "INBOX", message("after the first token expired"));
            api.syncAndAwait(imap, events);
            assertThat(events.completedOutcomes()).endsWith("success");
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(imap)).size() == 3);
            assertThat(tokenRequests("ok") - fetched).as("a fresh token for the second run").isEqualTo(3);
            api.get("/api/v1/mailboxes/" + imap).then().statusCode(200).body("auth.type", equalTo("oauth2"));
        }
        assertNoSecretOutside();
    }

    /**
     * A provider that rotates refresh tokens (and refuses a replaced one): the new token is sealed into the
     * registration at once, and the next run signs in with it.
     */
    @Test
    void aRotatedRefreshTokenIsStoredAndUsedNext() throws Exception {
        String user = "frank@example.test";
        dovecot.save(user, "INBOX", message("for frank"));
        String original = oauth.refreshToken(CLIENT, user);
        secrets.add(original);
        try (RotatingTokenProxy rotating = new RotatingTokenProxy(oauth.tokenEndpoint())) {
            String id = register("imap", dovecot.imapPort(), user, """
                    {"type": "oauth2", "provider": "generic", "clientId": "%s", "refreshToken": "%s",
                     "tokenEndpoint": "%s", "scope": "openid offline_access"}"""
                    .formatted(CLIENT, original, rotating.tokenEndpoint()));
            try (MailEvents events = events(id)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
                assertThat(rotating.received()).containsExactly(original);
                await().atMost(Duration.ofSeconds(30)).alias("the rotated token stored")
                        .until(() -> sealedSecrets(id).size() == 2);

                Thread.sleep(4_000);
                dovecot.save(user, "INBOX", message("after the rotation"));
                api.syncAndAwait(id, events);
                assertThat(events.completedOutcomes()).as("the replaced token would be refused").endsWith("success");
                assertThat(rotating.received()).hasSize(2);
                assertThat(rotating.received().get(1)).startsWith("rotated-1-");
                secrets.addAll(rotating.received());
            }
        }
    }

    /** The sealed secrets the mailbox's registration has had, in order, from the mailboxes topic. */
    private static List<String> sealedSecrets(String id) {
        List<String> sealed = new ArrayList<>();
        for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + ".mailboxes")) {
            if (id.equals(record.key()) && record.value() != null) {
                String value = new String(record.value(), StandardCharsets.UTF_8);
                String secret = value.replaceAll(".*\"sealedSecret\":\"([^\"]+)\".*", "$1");
                if (sealed.isEmpty() || !sealed.get(sealed.size() - 1).equals(secret)) {
                    sealed.add(secret);
                }
            }
        }
        return sealed;
    }

    @Test
    void appOnlyAccessBacksUpWithTheClientCredentialsGrant() throws Exception {
        dovecot.save(OAuth2Server.APP_USER, "INBOX", message("for the shared mailbox"));
        String secret = "app-client-secret-51d0";
        secrets.add(secret);
        String id = register("imap", dovecot.imapPort(), OAuth2Server.APP_USER, """
                {"type": "oauth2-app", "provider": "generic", "clientId": "%s", "clientSecret": "%s",
                 "tokenEndpoint": "%s", "scope": "https://outlook.office365.com/.default"}"""
                .formatted(OAuth2Server.APP_CLIENT, secret, oauth.tokenEndpoint()));

        try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 1);
        }
    }

    /**
     * A grant the provider refuses (here: a refresh token it never issued, as after a revocation) is auth-failed
     * in words that say what to do, and the mailbox is not tried again; a change in place with a new grant polls
     * at once.
     */
    @Test
    void aRefusedGrantIsAuthFailedNotRetriedAndMendedInPlace() throws Exception {
        String user = "erin@example.test";
        dovecot.save(user, "INBOX", message("for erin"));
        double refused = tokenRequests("refused");
        String id = register("imap", dovecot.imapPort(), user, oauth2("revoked-refresh-token"));

        await().atMost(Duration.ofSeconds(60)).until(() -> "auth-failed".equals(api.status(id).getString("state")));
        var status = api.status(id);
        assertThat(status.getString("reason")).contains("no longer accepts this mailbox's sign-in (invalid_grant")
                .contains("sign in again").contains("PATCH /api/v1/mailboxes/" + id);
        assertThat(Instant.parse(status.getString("retryAt"))).as("not tried again by itself")
                .isAfter(Instant.now().plus(Duration.ofDays(365)));
        Thread.sleep(3_000);
        assertThat(tokenRequests("refused") - refused).as("no retry storm").isEqualTo(1);
        api.trySync(id).then().statusCode(409);

        String token = oauth.refreshToken(CLIENT, user);
        secrets.add(token);
        try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            service.request().contentType("application/merge-patch+json")
                    .body("{\"auth\": " + oauth2(token) + "}")
                    .patch("/api/v1/mailboxes/" + id).then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 1);
        }
    }

    /**
     * Exchange Online ends a session whose token has expired with {@code * BYE ... AccessTokenExpired}: the run
     * gets a new token and goes on over a new connection, and ends as a success with every message.
     */
    @Test
    void aSessionEndedForAnExpiredTokenGoesOnWithANewOne() throws Exception {
        String user = "grace@example.test";
        for (int i = 1; i <= 3; i++) {
            dovecot.save(user, "INBOX", message("for grace " + i));
        }
        String token = oauth.refreshToken(CLIENT, user);
        secrets.add(token);
        try (InterruptingImapProxy exchange = new InterruptingImapProxy(dovecot.imapPort())) {
            exchange.expireNextSession();
            double fetched = tokenRequests("ok");
            String id = register("imap", exchange.port(), user, oauth2(token));
            try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> !events.completedOutcomes().isEmpty());
                assertThat(exchange.ended()).as("sessions ended for an expired token").isEqualTo(1);
                assertThat(events.completedOutcomes()).as("one run, not a failure").containsExactly("success");
                assertThat(exchange.sessions()).isEqualTo(2);
                assertThat(tokenRequests("ok") - fetched).as("a new token for the second session").isEqualTo(2);
                await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 3);
                assertThat(api.status(id).getString("state")).isEqualTo("ok");
            }
        }
        assertThat(Files.readString(service.log())).contains("its access token expired; going on with a new one");
    }

    /**
     * Connecting an account from mailcellar itself, with the code flow: the person's browser signs in at the
     * provider (a real login form), comes back to the callback without a bearer token, and the mailbox is then
     * registered by naming the sign-in; the refresh token never passes through the API client.
     */
    @Test
    void aPersonSignsInWithTheCodeFlowAndTheMailboxIsRegisteredByTheSignIn() throws Exception {
        String user = "heidi@example.test";
        dovecot.save(user, "INBOX", message("for heidi, connected by a sign-in"));
        Response started = startSignIn("""
                {"provider": "generic", "flow": "code", "clientId": "%s", "scope": "openid offline_access",
                 "authorizationEndpoint": "%s", "tokenEndpoint": "%s", "loginHint": "%s"}"""
                .formatted(CLIENT, oauth.authorizationEndpoint(), oauth.tokenEndpoint(), user));
        started.then().statusCode(201).body("state", equalTo("pending")).body("flow", equalTo("code"));
        String signIn = started.jsonPath().getString("id");
        String url = started.jsonPath().getString("authorizationUrl");
        assertThat(url).startsWith(oauth.authorizationEndpoint() + "?").contains("code_challenge_method=S256");
        assertThat(started.header("Location")).endsWith("/api/v1/oauth/authorizations/" + signIn);

        // The person's browser: the provider's login form, then its redirect back, which brings no bearer token.
        String callback = oauth.signIn(url, user);
        assertThat(callback).startsWith(service.baseUrl() + "/api/v1/oauth/callback?");
        Response page = RestAssured.given().redirects().follow(false).get(callback);
        assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
        assertThat(page.asString()).contains("You are signed in");
        assertThat(page.header("Content-Security-Policy")).startsWith("default-src 'none'");
        assertThat(RestAssured.get(callback).statusCode()).as("the state is single-use").isEqualTo(400);
        assertThat(RestAssured.get(service.baseUrl() + "/api/v1/oauth/callback?state=forged&code=x").statusCode())
                .isEqualTo(400);
        api.get("/api/v1/oauth/authorizations/" + signIn).then().statusCode(200)
                .body("state", equalTo("authorized")).body("authorizationUrl", nullValue());

        String id = register("imap", dovecot.imapPort(), user,
                "{\"type\": \"oauth2\", \"authorization\": \"" + signIn + "\"}");
        try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 1);
        }
        api.get("/api/v1/oauth/authorizations/" + signIn).then().body("state", equalTo("used"));
        service.request().contentType(ContentType.JSON).body("""
                {"protocol": "imap", "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                 "auth": {"type": "oauth2", "authorization": "%s"}}""".formatted(dovecot.imapPort(), user, signIn))
                .post("/api/v1/mailboxes").then().statusCode(400)
                .body("errors[0].field", equalTo("auth.authorization"))
                .body("errors[0].message", containsString("already used by the registration of mailbox " + id));
    }

    /**
     * The device-code flow: the person types the code on any device; mailcellar polls until they have signed
     * in. A person who declines makes the sign-in fail in the provider's words.
     */
    @Test
    void aPersonSignsInWithADeviceCodeAndADeclinedSignInFails() throws Exception {
        String user = "ivan@example.test";
        dovecot.save(user, "INBOX", message("for ivan, connected with a device code"));
        try (DeviceFlowProxy device = new DeviceFlowProxy(oauth); DeviceFlowProxy declining = new DeviceFlowProxy(oauth)) {
            Response started = startSignIn(deviceSignIn(device));
            started.then().statusCode(201).body("flow", equalTo("device"))
                    .body("userCode", equalTo(DeviceFlowProxy.USER_CODE))
                    .body("verificationUri", containsString("/verify")).body("authorizationUrl", nullValue());
            String signIn = started.jsonPath().getString("id");
            await().atMost(Duration.ofSeconds(30)).until(() -> device.devicePolls() >= 2);
            api.get("/api/v1/oauth/authorizations/" + signIn).then().body("state", equalTo("pending"));

            device.approve(user);
            await().atMost(Duration.ofSeconds(30)).until(() -> "authorized".equals(
                    api.get("/api/v1/oauth/authorizations/" + signIn).jsonPath().getString("state")));
            secrets.addAll(device.issuedRefreshTokens());
            String id = register("imap", dovecot.imapPort(), user,
                    "{\"type\": \"oauth2\", \"authorization\": \"" + signIn + "\"}");
            try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
                await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 1);
            }

            String refused = startSignIn(deviceSignIn(declining)).then().statusCode(201).extract().jsonPath()
                    .getString("id");
            declining.deny();
            await().atMost(Duration.ofSeconds(30)).until(() -> "failed".equals(
                    api.get("/api/v1/oauth/authorizations/" + refused).jsonPath().getString("state")));
            assertThat(api.get("/api/v1/oauth/authorizations/" + refused).jsonPath().getString("error"))
                    .contains("access_denied").contains("the person declined");
        }
        assertNoSecretOutside();
    }

    private static String deviceSignIn(DeviceFlowProxy device) {
        return """
                {"provider": "generic", "flow": "device", "clientId": "%s", "scope": "openid offline_access",
                 "deviceEndpoint": "%s", "tokenEndpoint": "%s"}"""
                .formatted(CLIENT, device.deviceEndpoint(), device.tokenEndpoint());
    }

    private static Response startSignIn(String body) {
        Response response = service.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/oauth/authorizations");
        responses.add(response.asString());
        return response;
    }

    @Test
    void aBareAccessTokenIsNoLongerTakenAndTheErrorSaysWhatToGive() {
        service.request().contentType(ContentType.JSON).body("""
                {"protocol": "imap", "host": "127.0.0.1", "port": %d, "security": "none", "username": "x",
                 "auth": {"type": "xoauth2", "password": "ya29.expires-within-the-hour"}}"""
                .formatted(dovecot.imapPort()))
                .post("/api/v1/mailboxes").then().statusCode(400)
                .body("errors[0].field", equalTo("auth.type"));
    }

    private String oauth2(String refreshToken) {
        return """
                {"type": "oauth2", "provider": "generic", "clientId": "%s", "refreshToken": "%s",
                 "tokenEndpoint": "%s", "scope": "openid offline_access"}"""
                .formatted(CLIENT, refreshToken, oauth.tokenEndpoint());
    }

    private static String register(String protocol, int port, String user, String auth) {
        var response = service.request().contentType(ContentType.JSON).body("""
                {"protocol": "%s", "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                 "auth": %s}""".formatted(protocol, port, user, auth))
                .post("/api/v1/mailboxes");
        responses.add(response.asString());
        return response.then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static MailEvents events(String id) {
        return new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
    }

    private static double tokenRequests(String outcome) {
        return api.metric("mailcellar_oauth_token_requests_total", "outcome=\"" + outcome + "\"");
    }

    /** Refresh tokens and client secrets are in no topic, no answer and no log line. */
    private static void assertNoSecretOutside() throws Exception {
        List<String> stored = new ArrayList<>();
        for (String topic : List.of("mailboxes", "sync-state", "mail-events", "oauth-authorizations")) {
            for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + "." + topic)) {
                if (record.value() != null) {
                    stored.add(new String(record.value(), StandardCharsets.UTF_8));
                }
            }
        }
        stored.add(Files.readString(service.log()));
        stored.addAll(responses);
        assertThat(secrets).isNotEmpty();
        for (String secret : secrets) {
            assertThat(stored).allSatisfy(text -> assertThat(text).doesNotContain(secret));
        }
    }

    private static byte[] message(String subject) {
        return ("From: sender@example.test\r\nTo: someone@example.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + subject.hashCode() + "@example.test>\r\n\r\n" + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
