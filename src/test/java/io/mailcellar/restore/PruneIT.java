package io.mailcellar.restore;

import io.mailcellar.archive.Sha256;
import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.RawPop3Client;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Prune and purge through the service, on Dovecot and S3Proxy: with
 * {@code keepLast: 1} a message deleted before the last snapshot leaves the
 * bucket and nothing a snapshot names does; the same message appended again
 * while the prune is asked for ends up backed up; a POP3 message mailcellar
 * deleted from the server survives; a purge leaves nothing of the mailbox.
 */
class PruneIT {

    private static final String NAME = "prune-it";
    private static final String IMAP_USER = "dora-imap@example.test";
    private static final String POP3_USER = "dora-pop3@example.test";
    private static final String PASSWORD = "prune-it-pw";

    private static byte[] message(String subject) {
        return ("From: Dora <d@example.test>\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.hashCode()
                + "@example.test>\r\n\r\nbody of " + subject + "\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void pruneRemovesWhatNoKeptSnapshotNamesAndNothingElse() throws Exception {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(IMAP_USER, PASSWORD);
        dovecot.addUser(POP3_USER, PASSWORD);
        byte[] kept = message("kept");
        byte[] returning = message("deleted, pruned, and appended again");
        byte[] doomed = message("deleted before the last snapshot");
        byte[] popped = message("deleted from the POP3 server by mailcellar");
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), IMAP_USER, PASSWORD)) {
            imap.append("INBOX", "\\Seen", Instant.parse("2026-10-01T08:00:00Z"), kept);
            imap.append("INBOX", "", Instant.parse("2026-10-02T08:00:00Z"), returning);
            imap.append("INBOX", "\\Answered", Instant.parse("2026-10-02T09:00:00Z"), doomed);
        }
        dovecot.save(POP3_USER, "INBOX", popped);
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        try (ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                servers.runDir().resolve("prune-it.log"), Duration.ofSeconds(90));
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            ServiceApi api = new ServiceApi(service);
            String id = register(service, "imap", dovecot.imapPort(), IMAP_USER, "");
            String first = api.awaitSnapshotAfter(id, null);
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), IMAP_USER, PASSWORD)) {
                for (RawMessage gone : imap.fetchAll("INBOX")) {
                    if (!Sha256.of(gone.body()).equals(Sha256.of(kept))) {
                        imap.expunge("INBOX", gone.uid());
                    }
                }
            }
            api.requestSync(id);
            api.awaitSnapshotAfter(id, first);
            String returningKey = ArchivedMessages.key(id, returning);
            String doomedKey = ArchivedMessages.key(id, doomed);
            assertThat(s3.keys(ArchivedMessages.prefix(id))).contains(returningKey, doomedKey);

            // A dry run says what would go, and removes nothing.
            List<String> before = s3.keys("mailboxes/" + id + "/");
            JsonPath dry = service.request().post("/api/v1/mailboxes/" + id + "/prune").then().statusCode(200)
                    .extract().jsonPath();
            assertThat(dry.getBoolean("dryRun")).isTrue();
            assertThat(dry.getList("snapshotsRemoved", String.class)).containsExactly(first);
            assertThat(dry.getLong("messagesRemoved")).isEqualTo(2);
            assertThat(dry.getLong("messageBytesRemoved")).isEqualTo(returning.length + doomed.length);
            assertThat(dry.getInt("snapshotsKept")).isEqualTo(1);
            assertThat(s3.keys("mailboxes/" + id + "/")).isEqualTo(before);

            // The message comes back as the prune is asked for. The prune runs after a poll, which finds it
            // again: its conditional PUT meets the old object and writes nothing, and the new snapshot names it.
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), IMAP_USER, PASSWORD)) {
                imap.append("INBOX", "\\Flagged", Instant.parse("2026-10-03T08:00:00Z"), returning);
            }
            Instant asked = Instant.now();
            service.request().post("/api/v1/mailboxes/" + id + "/prune?dryRun=false").then().statusCode(202);
            JsonPath pruned = awaitPrune(api, id, asked);
            assertThat(pruned.getString("error")).isNull();
            assertThat(pruned.getInt("snapshotsKept")).isEqualTo(1);
            assertThat(pruned.getInt("snapshotsRemoved")).isEqualTo(2);
            assertThat(pruned.getLong("messagesRemoved")).isEqualTo(1);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/snapshots/" + first + "/folders").statusCode())
                    .as("the snapshot outside the policy").isEqualTo(404);
            assertThat(latestShas(api, id)).contains(Sha256.of(returning), Sha256.of(kept));
            assertThat(s3.keys(ArchivedMessages.prefix(id))).doesNotContain(doomedKey)
                    .contains(ArchivedMessages.key(id, kept));
            assertThat(s3.read(returningKey)).isEqualTo(returning);
            assertEveryNamedMessageIsStored(api, id);

            // A message pruned from the bucket and appended again afterwards is stored anew.
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), IMAP_USER, PASSWORD)) {
                imap.append("INBOX", "", Instant.parse("2026-10-04T08:00:00Z"), doomed);
            }
            api.requestSync(id);
            await().atMost(Duration.ofSeconds(120)).alias("the pruned message in the newest snapshot again")
                    .until(() -> latestShas(api, id).contains(Sha256.of(doomed)));
            assertThat(s3.read(doomedKey)).isEqualTo(doomed);
            assertEveryNamedMessageIsStored(api, id);

            // POP3: the message mailcellar deleted from the server lives only in the archive, and stays.
            String pop3 = register(service, "pop3", dovecot.pop3Port(), POP3_USER,
                    ", \"pop3\": {\"deleteFromServer\": \"after-archive\"}");
            await().atMost(Duration.ofSeconds(120)).alias("the POP3 message deleted from the server").until(() -> {
                api.requestSync(pop3);
                try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), POP3_USER, PASSWORD)) {
                    return client.uidls().isEmpty();
                }
            });
            await().atMost(Duration.ofSeconds(120)).alias("a snapshot marking it deleted from the server")
                    .until(() -> api.get("/api/v1/mailboxes/" + pop3 + "/snapshots/latest/messages?folder=INBOX")
                            .jsonPath().getList("items.findAll { it.deletedFromServer == true }").size() == 1);
            // A second snapshot, so that the prune removes the first, which named the message too.
            String popFirst = api.status(pop3).getString("lastSnapshot.id");
            dovecot.save(POP3_USER, "INBOX", message("a later POP3 message"));
            api.requestSync(pop3);
            api.awaitSnapshotAfter(pop3, popFirst);
            Instant popAsked = Instant.now();
            service.request().post("/api/v1/mailboxes/" + pop3 + "/prune?dryRun=false").then().statusCode(202);
            JsonPath popPruned = awaitPrune(api, pop3, popAsked);
            assertThat(popPruned.getString("error")).isNull();
            assertThat(popPruned.getInt("snapshotsRemoved")).isGreaterThanOrEqualTo(1);
            assertThat(api.get("/api/v1/mailboxes/" + pop3 + "/snapshots/" + popFirst + "/folders").statusCode())
                    .isEqualTo(404);
            assertThat(s3.read(ArchivedMessages.key(pop3, popped))).isEqualTo(popped);
            assertEveryNamedMessageIsStored(api, pop3);

            // Purge: nothing of the mailbox is left, and a second purge finds nothing.
            await().atMost(Duration.ofSeconds(60)).alias("a purge once the archivers stored the last poll")
                    .until(() -> service.request().delete("/api/v1/mailboxes/" + id + "?purgeArchive=true")
                            .statusCode() == 200);
            assertThat(s3.keys("mailboxes/" + id + "/")).isEmpty();
            assertThat(api.get("/api/v1/mailboxes/" + id).statusCode()).isEqualTo(404);
            assertThat(service.request().delete("/api/v1/mailboxes/" + id + "?purgeArchive=true").statusCode())
                    .isEqualTo(404);
            assertThat(service.request().delete("/api/v1/mailboxes/" + pop3 + ".x?purgeArchive=true")
                    .statusCode()).as("not a mailbox id").isEqualTo(404);
            assertThat(s3.keys("mailboxes/" + pop3 + "/")).as("another mailbox's archive").isNotEmpty();
        }
    }

    private static String register(ServiceProcess service, String protocol, int port, String user, String extra) {
        String body = """
                {"name": "%s", "protocol": "%s", "host": "127.0.0.1", "port": %d, "security": "none",
                 "username": "%s", "auth": {"type": "password", "password": "%s"},
                 "retention": {"keepLast": 1}%s}
                """.formatted(user, protocol, port, user, PASSWORD, extra);
        Response response = service.request().contentType(ContentType.JSON).body(body).post("/api/v1/mailboxes");
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(201);
        assertThat(response.jsonPath().getInt("retention.keepLast")).isEqualTo(1);
        return response.jsonPath().getString("id");
    }

    private static JsonPath awaitPrune(ServiceApi api, String id, Instant asked) {
        await().atMost(Duration.ofSeconds(120)).alias("a prune after " + asked).until(() -> {
            String started = api.status(id).getString("lastPrune.started");
            return started != null && Instant.parse(started).isAfter(asked);
        });
        return api.status(id).setRootPath("lastPrune");
    }

    private static List<String> latestShas(ServiceApi api, String id) {
        return api.get("/api/v1/mailboxes/" + id + "/snapshots/latest/messages?folder=INBOX").jsonPath()
                .getList("items.sha256", String.class);
    }

    /** Every message each remaining snapshot names can be read back, byte for byte. */
    private static void assertEveryNamedMessageIsStored(ServiceApi api, String id) {
        List<String> snapshots = api.get("/api/v1/mailboxes/" + id + "/snapshots").jsonPath()
                .getList("items.id", String.class);
        assertThat(snapshots).isNotEmpty();
        for (String snapshot : snapshots) {
            List<String> folders = api.get("/api/v1/mailboxes/" + id + "/snapshots/" + snapshot + "/folders")
                    .jsonPath().getList("folders.name", String.class);
            for (String folder : folders) {
                for (String sha256 : api.get("/api/v1/mailboxes/" + id + "/snapshots/" + snapshot
                        + "/messages?folder=" + folder).jsonPath().getList("items.sha256", String.class)) {
                    Response message = api.get("/api/v1/mailboxes/" + id + "/messages/" + sha256);
                    assertThat(message.statusCode()).as(snapshot + " " + folder + " " + sha256).isEqualTo(200);
                    assertThat(Sha256.of(message.asByteArray())).isEqualTo(sha256);
                }
            }
        }
    }
}
