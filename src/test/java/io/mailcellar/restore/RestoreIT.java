package io.mailcellar.restore;

import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailState;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TricklingProxy;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Restores through the service, on Dovecot: a backed-up account goes into an
 * empty one under its original names and arrives exactly (bytes, flags,
 * keywords, INTERNALDATE, a message in two folders, the same message twice in
 * one, nested and non-ASCII folders); asking again APPENDs nothing, counted
 * at the server; a message deleted since is put back into the mailbox's own
 * account from the older snapshot, and the next poll fetches nothing.
 */
class RestoreIT {

    private static final String NAME = "restore-it";
    private static final String SOURCE = "carol-source@example.test";
    private static final String TARGET = "carol-target@example.test";
    private static final String PASSWORD = "restore-it-pw";
    private static final String NESTED = "Archiv/Größe";
    private static final Instant D1 = Instant.parse("2026-08-01T08:00:00Z");
    private static final Instant D2 = Instant.parse("2026-08-02T09:30:00Z");
    private static final Instant D3 = Instant.parse("2026-08-03T23:59:59Z");

    private static byte[] message(String subject) {
        return ("From: Jürgen <j@example.test>\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.hashCode()
                + "@example.test>\r\n\r\nFrom the body\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void restoresAreExactIdempotentAndLeaveTheNextPollNothingToFetch() throws Exception {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(SOURCE, PASSWORD);
        dovecot.addUser(TARGET, PASSWORD);
        byte[] shared = message("in two folders");
        byte[] twice = message("twice in INBOX");
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), SOURCE, PASSWORD)) {
            imap.create(NESTED);
            imap.append("INBOX", "\\Seen \\Answered $Forwarded", D1, shared);
            imap.append("INBOX", "\\Flagged \\Draft Work", D2, twice);
            imap.append("INBOX", "", D3, twice);
            imap.append(NESTED, "\\Seen", D3, shared);
        }
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        try (CountingImapProxy sourceProxy = new CountingImapProxy(dovecot.imapPort());
             CountingImapProxy targetProxy = new CountingImapProxy(dovecot.imapPort());
             ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                     servers.runDir().resolve("restore-it.log"), Duration.ofSeconds(90))) {
            ServiceApi api = new ServiceApi(service);
            String id = api.registerImapId("Carol", sourceProxy.port(), SOURCE, PASSWORD);
            String first = api.awaitSnapshotAfter(id, null);
            Map<String, List<String>> source = new HashMap<>();
            List<RawMessage> inbox;
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), SOURCE, PASSWORD)) {
                inbox = imap.fetchAll("INBOX");
                source.put("INBOX", MailState.of(inbox));
                source.put(NESTED, MailState.of(imap.fetchAll(NESTED)));
            }

            String body = """
                    {"target": {"host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                                "auth": {"type": "password", "password": "%s"}},
                     "into": ""}""".formatted(targetProxy.port(), TARGET, PASSWORD);
            JsonPath done = restoreAndAwait(service, id, body);
            assertThat(done.getString("state")).isEqualTo("succeeded");
            assertThat(done.getLong("appended")).isEqualTo(4);
            assertThat(done.getLong("alreadyPresent")).isZero();
            assertThat(done.getList("skipped")).isEmpty();
            assertThat(done.getString("target.host")).isEqualTo("127.0.0.1");
            assertThat(done.getMap("target")).doesNotContainKey("auth");
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), TARGET, PASSWORD)) {
                assertThat(MailState.of(imap.fetchAll("INBOX"))).isEqualTo(source.get("INBOX"));
                assertThat(MailState.of(imap.fetchAll(NESTED))).isEqualTo(source.get(NESTED));
            }
            long appends = appends(targetProxy);
            assertThat(appends).isEqualTo(4);

            JsonPath again = restoreAndAwait(service, id, body);
            assertThat(again.getString("state")).isEqualTo("succeeded");
            assertThat(again.getLong("appended")).isZero();
            assertThat(again.getLong("alreadyPresent")).isEqualTo(4);
            assertThat(appends(targetProxy)).as("APPENDs of the second restore").isEqualTo(appends);

            // The mailbox's own account: a message deleted since the first snapshot comes back from it.
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), SOURCE, PASSWORD)) {
                imap.expunge("INBOX", inbox.get(0).uid());
            }
            api.requestSync(id);
            String second = api.awaitSnapshotAfter(id, first);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/snapshots/latest/folders").jsonPath()
                    .getInt("folders.find { it.name == 'INBOX' }.messages")).isEqualTo(2);
            JsonPath own = restoreAndAwait(service, id, """
                    {"at": "%s", "into": "", "folders": ["INBOX"], "messages": ["%s"]}"""
                    .formatted(snapshotTime(api, id, first), io.mailcellar.archive.Sha256.of(shared)));
            assertThat(own.getString("state")).as(own.prettify()).isEqualTo("succeeded");
            assertThat(own.getLong("appended")).isEqualTo(1);
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), SOURCE, PASSWORD)) {
                assertThat(MailState.of(imap.fetchAll("INBOX"))).isEqualTo(source.get("INBOX"));
            }
            int fetchesBefore = sourceProxy.contentFetches();
            api.requestSync(id);
            api.awaitSnapshotAfter(id, second);
            assertThat(sourceProxy.contentFetches()).as("content fetched by the poll after the restore")
                    .isEqualTo(fetchesBefore);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/snapshots/latest/folders").jsonPath()
                    .getInt("folders.find { it.name == 'INBOX' }.messages")).isEqualTo(3);

            Response noAuth = service.request().contentType(ContentType.JSON)
                    .body("{\"target\": {\"host\": \"127.0.0.1\", \"username\": \"x\"}}")
                    .post("/api/v1/mailboxes/" + id + "/restores");
            assertThat(noAuth.statusCode()).isEqualTo(400);
            assertThat(noAuth.asString()).contains("target.auth", "never sent to another host");
            assertThat(service.request().get("/api/v1/restores/nope").statusCode()).isEqualTo(404);
            String pop3 = api.registerId("Carol POP3", "pop3", dovecot.pop3Port(), SOURCE, PASSWORD);
            Response pop3Own = service.request().contentType(ContentType.JSON).body("{}")
                    .post("/api/v1/mailboxes/" + pop3 + "/restores");
            assertThat(pop3Own.statusCode()).isEqualTo(400);
            assertThat(pop3Own.asString()).contains("a POP3 mailbox restores into an IMAP account");

            // A POP3 mailbox goes into an IMAP account, each message dated when mailcellar first saw it.
            String pop3First = api.awaitSnapshotAfter(pop3, null);
            JsonPath pop3Inbox = api.get("/api/v1/mailboxes/" + pop3 + "/snapshots/" + pop3First
                    + "/messages?folder=INBOX").jsonPath();
            JsonPath pop3Done = restoreAndAwait(service, pop3, ("{\"into\": \"From POP3\", \"target\": {\"host\": "
                    + "\"127.0.0.1\", \"port\": %d, \"security\": \"none\", \"username\": \"%s\", \"auth\": "
                    + "{\"type\": \"password\", \"password\": \"%s\"}}}").formatted(targetProxy.port(), TARGET,
                    PASSWORD));
            assertThat(pop3Done.getString("state")).as(pop3Done.prettify()).isEqualTo("succeeded");
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), TARGET, PASSWORD)) {
                List<RawMessage> restored = imap.fetchAll("From POP3/INBOX");
                try (RawImapClient from = new RawImapClient(dovecot.imapPort(), SOURCE, PASSWORD)) {
                    assertThat(MailState.bytesOf(restored)).as("the maildrop's messages, byte for byte")
                            .isEqualTo(MailState.bytesOf(from.fetchAll("INBOX")));
                }
                assertThat(restored).hasSize(pop3Inbox.getList("items").size());
                List<String> firstSeen = pop3Inbox.getList("items.firstSeen");
                assertThat(restored).extracting(m -> m.internalDate().toString())
                        .containsExactlyInAnyOrderElementsOf(firstSeen.stream()
                                .map(t -> Instant.parse(t).truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString())
                                .toList());
            }
        }
    }

    /** {@code kill -9} of the service in the middle of a restore: after the restart it finishes, no duplicates. */
    @Test
    void aRestoreKilledHalfWayFinishesAfterARestartWithoutDuplicates() throws Exception {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        String source = "dave-source@example.test";
        String target = "dave-target@example.test";
        dovecot.addUser(source, PASSWORD);
        dovecot.addUser(target, PASSWORD);
        int count = 300;
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), source, PASSWORD)) {
            for (int i = 0; i < count; i++) {
                imap.append("INBOX", i % 3 == 0 ? "\\Seen" : "", D1.plusSeconds(i),
                        message("crash " + i + " " + "x".repeat(1000)));
            }
        }
        Map<String, String> env = ServiceEnv.of(servers, NAME + "-crash");
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        try (TricklingProxy slow = new TricklingProxy(dovecot.imapPort(), 1)) {
            slow.trickle(true);
            String restorePath;
            try (ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                    servers.runDir().resolve("restore-it-crash-1.log"), Duration.ofSeconds(90))) {
                ServiceApi api = new ServiceApi(service);
                String id = api.registerImapId("Dave", dovecot.imapPort(), source, PASSWORD);
                api.awaitSnapshotAfter(id, null);
                String body = "{\"target\": {\"host\": \"127.0.0.1\", \"port\": " + slow.port()
                        + ", \"security\": \"none\", \"username\": \"" + target + "\", \"auth\": {\"type\": "
                        + "\"password\", \"password\": \"" + PASSWORD + "\"}}, \"into\": \"Back\"}";
                Response accepted = service.request().contentType(ContentType.JSON).body(body)
                        .post("/api/v1/mailboxes/" + id + "/restores");
                assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
                restorePath = "/api/v1/restores/" + accepted.jsonPath().getString("id");
                await().atMost(Duration.ofSeconds(120)).alias("a journal page written").until(() ->
                        service.request().get(restorePath).jsonPath().getLong("appended") >= 100);
                service.kill();
            }
            long appendedAtKill;
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), target, PASSWORD)) {
                appendedAtKill = imap.fetchAll("Back/INBOX").size();
            }
            assertThat(appendedAtKill).as("killed in the middle").isBetween(100L, (long) count - 1);
            // Slow only to land the kill in the middle: the resumed run reads back what the journal missed.
            slow.trickle(false);

            try (ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                    servers.runDir().resolve("restore-it-crash-2.log"), Duration.ofSeconds(90))) {
                await().atMost(Duration.ofSeconds(180)).alias("the restore resumed and ended").until(() -> {
                    String state = service.request().get(restorePath).jsonPath().getString("state");
                    return "succeeded".equals(state) || "failed".equals(state);
                });
                JsonPath done = service.request().get(restorePath).jsonPath();
                assertThat(done.getString("state")).as(done.prettify()).isEqualTo("succeeded");
                assertThat(done.getLong("appended") + done.getLong("alreadyPresent")).isEqualTo(count);
            }
        }
        try (RawImapClient from = new RawImapClient(dovecot.imapPort(), source, PASSWORD);
             RawImapClient to = new RawImapClient(dovecot.imapPort(), target, PASSWORD)) {
            assertThat(MailState.of(to.fetchAll("Back/INBOX"))).as("every message once")
                    .isEqualTo(MailState.of(from.fetchAll("INBOX")));
        }
    }

    private static JsonPath restoreAndAwait(ServiceProcess service, String id, String body) {
        Response accepted = service.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/mailboxes/" + id + "/restores");
        assertThat(accepted.statusCode()).as(accepted.asString()).isEqualTo(202);
        String location = accepted.header("Location");
        assertThat(location).endsWith("/api/v1/restores/" + accepted.jsonPath().getString("id"));
        assertThat(accepted.jsonPath().getString("state")).isEqualTo("queued");
        String path = "/api/v1/restores/" + accepted.jsonPath().getString("id");
        await().atMost(Duration.ofSeconds(120)).alias("restore ended").until(() -> {
            String state = service.request().get(path).jsonPath().getString("state");
            return "succeeded".equals(state) || "failed".equals(state);
        });
        return service.request().get(path).jsonPath();
    }

    private static String snapshotTime(ServiceApi api, String id, String snapshotId) {
        return api.get("/api/v1/mailboxes/" + id + "/snapshots?limit=100").jsonPath()
                .getString("items.find { it.id == '" + snapshotId + "' }.time");
    }

    private static long appends(CountingImapProxy proxy) {
        return proxy.commandLog().stream().filter(line -> line.startsWith("APPEND ")).count();
    }
}
