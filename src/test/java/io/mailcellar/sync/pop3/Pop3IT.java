package io.mailcellar.sync.pop3;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.BucketSnapshots;
import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.RawPop3Client;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ScriptedPop3Server;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * POP3 backup on GreenMail and on Dovecot's POP3: byte-exact to RETR, the
 * maildrop left alone by default, deletion only of what the archive verifiably
 * holds (tested with the archiver stopped, then started), and a maildrop
 * locked by another session reported as throttled.
 */
class Pop3IT {

    private static final String NAME = "pop3-it";
    private static final String PASSWORD = "pop3-it-pw";

    private static LocalServers servers;
    private static Dovecot dovecot;
    private static GreenMail greenMail;
    private static CountingImapProxy greenMailProxy;
    private static Map<String, String> env;
    /** Runs the api and poller roles only: nothing is archived until an archiver process starts. */
    private static ServiceProcess poller;
    private static ServiceApi api;
    private static final List<ServiceProcess> archivers = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        servers = LocalServers.get();
        dovecot = servers.dovecot();
        greenMail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_POP3));
        greenMail.start();
        greenMailProxy = new CountingImapProxy(greenMail.getPop3().getPort());
        env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_ROLES", "api,poller");
        // Batches of 512K: the "large" message of ~950K is streamed into a spool file, never held whole.
        env.put("MAILCELLAR_SYNC_BATCH_BYTES", "512K");
        // Above the large message, below the one a test serves to be left on the server.
        env.put("MAILCELLAR_MAIL_MAX_MESSAGE_SIZE", "2M");
        poller = ServiceProcess.start(ServiceEnv.jar(), env, servers.runDir().resolve("pop3-poller.log"),
                Duration.ofSeconds(90));
        api = new ServiceApi(poller);
    }

    @AfterAll
    static void stop() throws Exception {
        archivers.forEach(ServiceProcess::close);
        if (poller != null) {
            poller.close();
        }
        if (greenMailProxy != null) {
            greenMailProxy.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static synchronized void ensureArchiver() {
        if (archivers.isEmpty()) {
            Map<String, String> archiverEnv = new java.util.HashMap<>(env);
            archiverEnv.put("MAILCELLAR_ROLES", "archiver");
            archivers.add(ServiceProcess.start(ServiceEnv.jar(), archiverEnv,
                    servers.runDir().resolve("pop3-archiver.log"), Duration.ofSeconds(90)));
        }
    }

    @Test
    void aGreenMailMaildropIsArchivedAsRetrReturnsItAndLeftAlone() throws Exception {
        ensureArchiver();
        String user = "pat@example.test";
        GreenMailUser pat = greenMail.setUser(user, user, PASSWORD);
        Session session = Session.getInstance(new Properties());
        for (byte[] raw : List.of(dotLines(), message("plain"), noTrailingNewline())) {
            pat.deliver(new MimeMessage(session, new ByteArrayInputStream(raw)));
        }
        Map<Integer, String> uidlsBefore;
        List<byte[]> retrBytes = new ArrayList<>();
        try (RawPop3Client client = new RawPop3Client(greenMail.getPop3().getPort(), user, PASSWORD)) {
            uidlsBefore = client.uidls();
            for (int number : uidlsBefore.keySet()) {
                retrBytes.add(client.retr(number));
            }
        }

        String id = register(user, greenMailProxy.port(), "never");
        MailEvents events = events(id);
        awaitRuns(events, 1, "success");
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60))
                    .until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == retrBytes.size());
            assertByteExact(s3, id, retrBytes);
        }
        assertThat(events.summaries()).containsExactly("message.added INBOX", "message.added INBOX",
                "message.added INBOX");

        int commandsBefore = greenMailProxy.rawCommandLog().size();
        api.syncAndAwait(id, events);
        api.syncAndAwait(id, events);
        List<String> commands = greenMailProxy.rawCommandLog().subList(commandsBefore, greenMailProxy.rawCommandLog().size());
        assertThat(commands).as("nothing downloaded again, nothing deleted")
                .noneMatch(c -> c.startsWith("RETR") || c.startsWith("TOP") || c.startsWith("DELE"));
        assertThat(events.summaries()).hasSize(3);
        try (RawPop3Client client = new RawPop3Client(greenMail.getPop3().getPort(), user, PASSWORD)) {
            assertThat(client.uidls()).as("the maildrop is untouched").isEqualTo(uidlsBefore);
        }
    }

    @Test
    void afterArchiveDeletesOnlyWhatTheArchiveHolds() throws Exception {
        assertThat(archivers).as("this test starts the archiver itself").isEmpty();
        String user = "bob@pop3.example.test";
        dovecot.addUser(user, PASSWORD);
        byte[] big = new byte[700_000];
        new Random(7).nextBytes(big);
        List<byte[]> saved = List.of(dotLines(), noTrailingNewline(), message("plain"),
                ("Subject: large\r\n\r\n" + java.util.Base64.getMimeEncoder().encodeToString(big) + "\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
        saved.forEach(m -> dovecot.save(user, "INBOX", m));
        Map<Integer, String> allUidls;
        try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD)) {
            allUidls = client.uidls();
        }
        byte[] large;
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), user, PASSWORD)) {
            large = imap.fetchAll("INBOX").stream().map(RawMessage::body)
                    .filter(body -> new String(body, StandardCharsets.US_ASCII).startsWith("Subject: large"))
                    .findFirst().orElseThrow();
        }

        String id = register(user, dovecot.pop3Port(), "after-archive");
        MailEvents events = events(id);
        awaitRuns(events, 1, "success");
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), user, PASSWORD)) {
            assertThat(imap.fetchAll("INBOX")).as("retrieving over POP3 marked nothing read")
                    .allSatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));
        }
        Map<Integer, String> uidls;
        List<byte[]> retrBytes = new ArrayList<>();
        try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD)) {
            uidls = client.uidls();
            for (int number : uidls.keySet()) {
                retrBytes.add(client.retr(number));
            }
        }
        // Above the inline limit the poller writes the message to the archive itself (and the retention check
        // reads it back), so it may leave the server in the same poll; the others wait for the archiver.
        assertThat(allUidls).hasSize(4);
        assertThat(uidls).as("the large message, archived by the poller, was deleted at once").hasSize(3);
        assertThat(allUidls.values()).containsAll(uidls.values());
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            assertByteExact(s3, id, List.of(large));
            assertThat(s3.keys(ArchivedMessages.prefix(id))).hasSize(1);
        }

        // No archiver runs: however often the poller comes, nothing else may leave the server.
        api.syncAndAwait(id, events);
        api.syncAndAwait(id, events);
        try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD);
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            assertThat(client.uidls()).isEqualTo(uidls);
            assertThat(s3.keys(ArchivedMessages.prefix(id))).hasSize(1);
        }

        ensureArchiver();
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 4);
            assertByteExact(s3, id, retrBytes);
            assertByteExact(s3, id, List.of(large));
        }
        int seen = events.summaries().size();
        api.syncAndAwait(id, events);
        try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD)) {
            assertThat(client.uidls()).as("every archived message deleted from the server").isEmpty();
        }
        assertThat(events.summaries().subList(seen, events.summaries().size())).as("published by the deleting run")
                .containsExactlyInAnyOrderElementsOf(
                        uidls.values().stream().map(uidl -> "message.expunged INBOX uidl=" + uidl).toList());
        seen = events.summaries().size();
        api.syncAndAwait(id, events);
        assertThat(events.summaries().subList(seen, events.summaries().size())).as("not reported gone again")
                .isEmpty();
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            assertByteExact(s3, id, retrBytes);
            BucketSnapshots snapshots = new BucketSnapshots(s3, id);
            await().atMost(Duration.ofSeconds(60)).alias("the newest snapshot keeps all four, deleted by mailcellar")
                    .untilAsserted(() -> assertThat(snapshots.folders(snapshots.latest()).get("INBOX"))
                            .hasSize(4).allSatisfy(message ->
                                    assertThat(message.path("deletedFromServer").asBoolean()).isTrue()));
            assertThat(snapshots.folders(snapshots.latest()).get("INBOX"))
                    .extracting(message -> message.path("uidl").asText())
                    .containsExactlyInAnyOrderElementsOf(allUidls.values());
        }
    }

    @Test
    void aMaildropLockedByAnotherSessionIsThrottledNotBroken() throws Exception {
        String user = "carol@pop3.example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", message("for carol"));
        String id;
        MailEvents events;
        try (RawPop3Client phone = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD)) {
            assertThat(phone.uidls()).hasSize(1);
            id = register(user, dovecot.pop3Port(), "never");
            events = events(id);
            awaitRuns(events, 1, "busy");
            var status = poller.request().get("/api/v1/mailboxes/" + id + "/status").then()
                    .statusCode(200).body("state", org.hamcrest.Matchers.equalTo("throttled"))
                    .body("retryAt", org.hamcrest.Matchers.notNullValue())
                    .body("lastRun.error", org.hamcrest.Matchers.containsString("[IN-USE]")).extract().jsonPath();
            assertThat(status.getString("reason")).isEqualTo("the maildrop is in use by another POP3 session; "
                    + "throttled until " + status.getString("retryAt"));
        }
        api.syncAndAwait(id, events);
        assertThat(lastCompleted(events)).contains("\"outcome\":\"success\"");
        assertThat(events.summaries()).containsExactly("message.added INBOX");
        String mailbox = id;
        await().atMost(Duration.ofSeconds(30)).alias("ok once the archiver process reports the run's snapshot")
                .until(() -> "ok".equals(poller.request().get("/api/v1/mailboxes/" + mailbox + "/status").jsonPath()
                        .getString("state")));
        poller.request().get("/api/v1/mailboxes/" + id + "/status").then()
                .statusCode(200).body("state", org.hamcrest.Matchers.equalTo("ok"))
                .body("folders.find { it.folder == 'INBOX' }.messages", org.hamcrest.Matchers.equalTo(1));
        assertThat(java.nio.file.Files.readString(servers.runDir().resolve("pop3-poller.log")))
                .contains("in use by another POP3 session");
    }

    /**
     * A server that reuses a UIDL for other bytes, or gives one UIDL to two
     * messages: nothing leaves the server that the archive does not hold as
     * served now, and every message is archived.
     */
    @Test
    void aReusedOrSharedUidlNeverDeletesAMessageThatIsNotArchived() throws Exception {
        stopArchivers();
        byte[] a = message("A");
        byte[] b = message("B, served later under A's UIDL");
        byte[] c1 = message("C one");
        byte[] c2 = message("C two, under the same UIDL as C one");
        try (ScriptedPop3Server pop3 = new ScriptedPop3Server(); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            pop3.serve(List.of(new ScriptedPop3Server.Message("u-1", a), new ScriptedPop3Server.Message("dup", c1),
                    new ScriptedPop3Server.Message("dup", c2)));
            String id = register("scripted@pop3.example.test", pop3.port(), "after-archive");
            MailEvents events = events(id);
            awaitRuns(events, 1, "success");
            assertThat(lastCompleted(events)).contains("under a UIDL it gives to another message too");

            // A is known; now the server serves B under its UIDL, and the archive comes to hold A.
            pop3.serve(List.of(new ScriptedPop3Server.Message("u-1", b), new ScriptedPop3Server.Message("dup", c1),
                    new ScriptedPop3Server.Message("dup", c2)));
            ensureArchiver();
            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 3);
            assertByteExact(s3, id, List.of(a, c1, c2));

            api.syncAndAwait(id, events);
            assertThat(pop3.deleted()).as("B was never archived, so it stays").isEmpty();
            assertThat(lastCompleted(events)).contains("served other bytes under UIDL u-1");

            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 4);
            api.syncAndAwait(id, events);
            assertThat(pop3.deleted()).as("B once archived; never a message of a shared UIDL")
                    .containsExactly("u-1");
            assertByteExact(s3, id, List.of(a, b, c1, c2));
        } finally {
            stopArchivers();
        }
    }

    /**
     * A check of a POP3 mailbox retrieves a message missing from the bucket again by its UIDL, and, with
     * readData, one whose object was altered; a message the server no longer has is counted unrepairable.
     */
    @Test
    void aCheckRetrievesMissingAndDamagedMessagesAgainByUidl() throws Exception {
        String user = "cora@pop3.example.test";
        dovecot.addUser(user, PASSWORD);
        for (String subject : List.of("kept", "lost from the bucket", "gone from both")) {
            dovecot.save(user, "INBOX", message(subject));
        }
        List<byte[]> retrBytes = new ArrayList<>();
        try (RawPop3Client client = new RawPop3Client(dovecot.pop3Port(), user, PASSWORD)) {
            for (int number : client.uidls().keySet()) {
                retrBytes.add(client.retr(number));
            }
        }
        assertThat(retrBytes).hasSize(3);
        ensureArchiver();
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            String id = register(user, dovecot.pop3Port(), "never");
            MailEvents events = events(id);
            awaitRuns(events, 1, "success");
            await().atMost(Duration.ofSeconds(60)).alias("archived, in a snapshot")
                    .until(() -> "ok".equals(api.status(id).getString("state")));
            assertByteExact(s3, id, retrBytes);
            String kept = ArchivedMessages.key(id, retrBytes.get(0));
            String lost = ArchivedMessages.key(id, retrBytes.get(1));
            String gone = ArchivedMessages.key(id, retrBytes.get(2));
            s3.delete(lost);
            s3.delete(gone);
            dovecot.doveadm("expunge", "-u", user, "mailbox", "INBOX", "uid", "3");

            JsonPath check = api.check(id, false);
            assertThat(check.getInt("checked")).isEqualTo(3);
            assertThat(check.getInt("missing")).isEqualTo(2);
            assertThat(check.getInt("repaired")).isEqualTo(1);
            assertThat(check.getInt("unrepairable")).as("gone from the server too").isEqualTo(1);
            assertThat(s3.read(lost)).as("back, byte-exact").isEqualTo(retrBytes.get(1));
            assertThat(s3.keys(ArchivedMessages.prefix(id))).doesNotContain(gone);
            assertThat(lastCompleted(events)).contains("cannot be repaired: the server no longer has it");

            await().atMost(Duration.ofSeconds(60)).alias("the expunge in a snapshot")
                    .until(() -> "ok".equals(api.status(id).getString("state")));
            s3.put(kept, "altered behind the service's back".getBytes(StandardCharsets.US_ASCII));
            check = api.check(id, true);
            assertThat(check.getInt("checked")).isEqualTo(2);
            assertThat(check.getInt("missing")).isZero();
            assertThat(check.getInt("damaged")).isEqualTo(1);
            assertThat(check.getInt("repaired")).isEqualTo(1);
            assertThat(check.getInt("unrepairable")).isZero();
            assertByteExact(s3, id, retrBytes.subList(0, 2));
        } finally {
            stopArchivers();
        }
    }

    @Test
    void aMessageOverTheSizeLimitIsLeftOnTheServerAndListedInTheStatus() throws Exception {
        byte[] small = message("small");
        byte[] huge = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(huge, (byte) 'x');
        byte[] header = "Subject: huge\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(header, 0, huge, 0, header.length);
        huge[huge.length - 2] = '\r';
        huge[huge.length - 1] = '\n';
        ensureArchiver();
        try (ScriptedPop3Server pop3 = new ScriptedPop3Server(); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            pop3.serve(List.of(new ScriptedPop3Server.Message("small-1", small),
                    new ScriptedPop3Server.Message("huge-1", huge)));
            String id = register("huge@pop3.example.test", pop3.port(), "never");
            MailEvents events = events(id);
            awaitRuns(events, 1, "success");
            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 1);
            assertByteExact(s3, id, List.of(small));

            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api.status(id).getString("state")));
            io.restassured.path.json.JsonPath status = api.status(id);
            assertThat(status.getString("state")).isEqualTo("ok");
            assertThat(status.getList("unreadMessages")).hasSize(1);
            assertThat(status.getString("unreadMessages[0].folder")).isEqualTo("INBOX");
            assertThat(status.getString("unreadMessages[0].uidl")).isEqualTo("huge-1");
            assertThat(status.getLong("unreadMessages[0].size")).isEqualTo(huge.length);
            assertThat(status.getString("unreadMessages[0].reason"))
                    .contains("over the limit of 2097152 bytes per message (mailcellar.mail.max-message-size)");

            // Gone from the server: no longer listed.
            pop3.serve(List.of(new ScriptedPop3Server.Message("small-1", small)));
            api.syncAndAwait(id, events);
            assertThat(api.status(id).getList("unreadMessages")).isEmpty();
        }
    }

    private static synchronized void stopArchivers() {
        archivers.forEach(ServiceProcess::close);
        archivers.clear();
    }

    private static String register(String user, int port, String deleteMode) {
        String body = """
                {"name": "%s", "protocol": "pop3", "host": "127.0.0.1", "port": %d, "security": "none",
                 "username": "%s", "auth": {"type": "password", "password": "%s"},
                 "pop3": {"deleteFromServer": "%s"}}
                """.formatted(user, port, user, PASSWORD, deleteMode);
        return poller.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/mailboxes").then().statusCode(201).extract().jsonPath().getString("id");
    }

    private static MailEvents events(String id) {
        return new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
    }

    private static void awaitRuns(MailEvents events, int runs, String outcome) {
        await().atMost(Duration.ofSeconds(90)).until(() -> events.completedRuns() >= runs);
        assertThat(lastCompleted(events)).contains("\"outcome\":\"" + outcome + "\"");
    }

    private static String lastCompleted(MailEvents events) {
        return events.lastCompletedJson();
    }

    private static void assertByteExact(S3Objects s3, String id, List<byte[]> retrBytes) {
        for (byte[] retr : retrBytes) {
            String sha = ArchivedMessages.sha256(retr);
            assertThat(s3.read(ArchivedMessages.prefix(id) + sha.substring(0, 2) + "/" + sha + ".eml"))
                    .isEqualTo(retr);
        }
    }

    private static byte[] dotLines() {
        return ("Subject: dots\r\n\r\n.a line starting with a dot\r\n..two dots\r\n.\r\nafter a lone dot\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] noTrailingNewline() {
        return "Subject: no newline at the end\r\n\r\nlast line without CRLF".getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] message(String subject) {
        return ("From: sender@example.test\r\nSubject: " + subject + "\r\n\r\nText of " + subject + ".\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
