package io.mailcellar.restore;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.JavaCommand;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailState;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Getting mail back from Dovecot's backup: browsing snapshots, the raw
 * message, exports at two points in time over the API, and the offline
 * commands with the service and its Kafka broker stopped (a broker of this
 * test's own, so the run's shared one stays up), all compared with what
 * Dovecot held at each time: bytes, flags, keywords and INTERNALDATE.
 */
class ExportIT {

    private static final String NAME = "export-it";
    private static final String USER = "alice-export@example.test";
    private static final String PASSWORD = "export-it-pw";
    private static final String NESTED = "Projekte/Größe";
    private static final Instant D1 = Instant.parse("2026-10-01T08:00:00Z");
    private static final Instant D2 = Instant.parse("2026-10-02T09:30:00Z");
    private static final Instant D3 = Instant.parse("2026-10-03T23:59:59Z");

    private static byte[] message(String subject, String body) {
        return ("From: Jürgen <j@example.test>\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nDate: Thu, 1 Oct "
                + "2026 08:00:00 +0000\r\nMessage-ID: <" + subject.hashCode() + "@example.test>\r\n\r\n" + body)
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void browseAndExportAnyPointInTimeOnlineAndWithNothingButTheBucket() throws Exception {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(USER, PASSWORD);
        byte[] tricky = message("Grüße aus Köln", "From the start of a line\r\n>From quoted\r\nFromage\r\n");
        byte[] flagged = message("flagged draft", "x\r\n");
        byte[] nestedOnly = message("nested", "y\r\n");
        try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
            imap.create(NESTED);
            imap.append("INBOX", "\\Seen \\Answered $Forwarded", D1, tricky);
            imap.append("INBOX", "\\Flagged \\Draft Work", D2, flagged);
            imap.append(NESTED, "\\Seen", D3, tricky);
            imap.append(NESTED, "", D2, nestedOnly);
        }

        Path kafkaData = servers.runDir().resolve("export-it-kafka");
        KafkaBroker kafka = KafkaBroker.start(Path.of(System.getProperty("mailcellar.local-servers.dir",
                "target/local-servers")).toAbsolutePath().resolve("kafka"), kafkaData, FreePorts.next());
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        Map<String, List<String>> atT1 = new HashMap<>();
        Map<String, List<String>> atT2 = new HashMap<>();
        Map<String, List<RawMessage>> onServer = new HashMap<>();
        String id;
        JsonPath first;
        JsonPath second;
        try (ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                servers.runDir().resolve("export-it.log"), Duration.ofSeconds(90))) {
            ServiceApi api = new ServiceApi(service);
            id = api.registerImapId("Alice (export)", dovecot.imapPort(), USER, PASSWORD);
            first = awaitSnapshot(api, id, null);
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
                for (String folder : List.of("INBOX", NESTED)) {
                    onServer.put(folder, imap.fetchAll(folder));
                    atT1.put(folder, MailState.of(onServer.get(folder)));
                }
            }

            browse(api, id, first, onServer.get("INBOX"));

            // Between the two backups: one message goes, one comes, one is flagged anew.
            try (RawImapClient imap = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
                imap.expunge("INBOX", onServer.get("INBOX").get(1).uid());
                imap.setFlags("INBOX", onServer.get("INBOX").get(0).uid(), "\\Flagged Later");
                imap.append("INBOX", "", D3, message("newcomer", "z\r\n"));
                for (String folder : List.of("INBOX", NESTED)) {
                    onServer.put(folder, imap.fetchAll(folder));
                    atT2.put(folder, MailState.of(onServer.get(folder)));
                }
            }
            api.requestSync(id);
            second = awaitSnapshot(api, id, first.getString("id"));
            assertThat(atT2.get("INBOX")).isNotEqualTo(atT1.get("INBOX"));

            Path dir = servers.runDir().resolve("export-it-api");
            Path t1 = untar(exportOverApi(api, id, "maildir", first.getString("time"), List.of()), dir.resolve("t1"));
            assertThat(MailState.ofMaildir(t1)).as("INBOX at T1").isEqualTo(atT1.get("INBOX"));
            assertThat(MailState.ofMaildir(t1.resolve(".Projekte.Größe"))).isEqualTo(atT1.get(NESTED));
            Path t2 = untar(exportOverApi(api, id, "maildir", null, List.of()), dir.resolve("t2"));
            assertThat(MailState.ofMaildir(t2)).as("INBOX at T2").isEqualTo(atT2.get("INBOX"));
            assertThat(MailState.ofMaildir(t2.resolve(".Projekte.Größe"))).isEqualTo(atT2.get(NESTED));
            Path mbox = untar(exportOverApi(api, id, "mbox", second.getString("time"), List.of("Projekte/%")),
                    dir.resolve("mbox"));
            try (var files = Files.walk(mbox)) {
                assertThat(files.filter(Files::isRegularFile).map(p -> mbox.relativize(p).toString()))
                        .containsExactly("Projekte/Größe.mbox");
            }
            assertThat(MailState.ofMbox(mbox.resolve("Projekte/Größe.mbox")))
                    .isEqualTo(MailState.bytesOf(onServer.get(NESTED)));

            Response bad = api.get("/api/v1/mailboxes/" + id + "/export?format=pst");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.jsonPath().getString("detail")).isEqualTo("format must be maildir or mbox, not pst");
            assertThat(api.get("/api/v1/mailboxes/" + id + "/export?format=mbox&at=2000-01-01T00:00:00Z")
                    .statusCode()).isEqualTo(404);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/export?format=mbox&folder=Nope").jsonPath()
                    .getString("detail")).endsWith("has no folder matching Nope");
        }
        kafka.close();

        // Nothing runs now but S3: the offline commands read the bucket alone.
        Map<String, String> s3Only = new HashMap<>();
        env.forEach((key, value) -> {
            if (key.startsWith("MAILCELLAR_S3_")) {
                s3Only.put(key, value);
            }
        });
        Path offline = servers.runDir().resolve("export-it-offline");
        Offline listed = offline(s3Only, "mailboxes");
        assertThat(listed.code()).isZero();
        assertThat(listed.out()).contains(id, "Alice (export)", USER + "@127.0.0.1", "imap");
        Offline snapshots = offline(s3Only, "snapshots", "--mailbox", id);
        assertThat(snapshots.code()).isZero();
        assertThat(snapshots.out()).contains(first.getString("id"), second.getString("id"));

        Offline maildir = offline(s3Only, "export", "--mailbox", id, "--format", "maildir", "--out",
                offline.resolve("maildir").toString());
        assertThat(maildir.code()).as(maildir.err()).isZero();
        assertThat(maildir.out()).contains("2 folders, 4 messages");
        assertThat(MailState.ofMaildir(offline.resolve("maildir"))).isEqualTo(atT2.get("INBOX"));
        assertThat(MailState.ofMaildir(offline.resolve("maildir/.Projekte.Größe"))).isEqualTo(atT2.get(NESTED));

        Offline pastMaildir = offline(s3Only, "export", "--mailbox", id, "--format", "maildir", "--at",
                first.getString("time"), "--folder", "INBOX", "--out", offline.resolve("maildir-t1").toString());
        assertThat(pastMaildir.code()).as(pastMaildir.err()).isZero();
        assertThat(MailState.ofMaildir(offline.resolve("maildir-t1"))).isEqualTo(atT1.get("INBOX"));
        assertThat(offline.resolve("maildir-t1/.Projekte.Größe")).doesNotExist();

        Offline mbox = offline(s3Only, "export", "--mailbox", id, "--format", "mbox", "--out",
                offline.resolve("mbox").toString());
        assertThat(mbox.code()).as(mbox.err()).isZero();
        assertThat(MailState.ofMbox(offline.resolve("mbox/INBOX.mbox"))).isEqualTo(MailState.bytesOf(
                onServer.get("INBOX")));
        assertThat(MailState.ofMbox(offline.resolve("mbox/Projekte/Größe.mbox"))).isEqualTo(MailState.bytesOf(
                onServer.get(NESTED)));
        assertThat(Files.getLastModifiedTime(offline.resolve("mbox/INBOX.mbox")))
                .isEqualTo(FileTime.from(Instant.parse(second.getString("time"))));

        Offline again = offline(s3Only, "export", "--mailbox", id, "--format", "mbox", "--out",
                offline.resolve("mbox").toString());
        assertThat(again.code()).isEqualTo(1);
        assertThat(again.err()).contains("is not an empty directory");
    }

    /** Browsing the first snapshot: folders with counts, a folder's messages, a message's bytes. */
    private static void browse(ServiceApi api, String id, JsonPath snapshot, List<RawMessage> inbox) {
        String base = "/api/v1/mailboxes/" + id + "/snapshots/";
        JsonPath folders = api.get(base + "latest/folders").then().statusCode(200).extract().jsonPath();
        assertThat(folders.getString("snapshot")).isEqualTo(snapshot.getString("id"));
        assertThat(folders.getList("folders.name")).contains("INBOX", NESTED);
        assertThat(folders.getInt("folders.find { it.name == 'INBOX' }.messages")).isEqualTo(2);
        assertThat(folders.getInt("folders.find { it.name == 'Projekte/Größe' }.messages")).isEqualTo(2);

        JsonPath page = api.get(base + snapshot.getString("id") + "/messages?folder=INBOX&limit=1")
                .then().statusCode(200).extract().jsonPath();
        assertThat(page.getLong("total")).isEqualTo(2);
        assertThat(page.getList("items")).hasSize(1);
        assertThat(page.getLong("items[0].uid")).isEqualTo(inbox.get(0).uid());
        assertThat(page.getString("items[0].subject")).isEqualTo("Grüße aus Köln");
        assertThat(page.getString("items[0].from")).isEqualTo("Jürgen <j@example.test>");
        assertThat(page.getString("items[0].date")).isEqualTo("Thu, 1 Oct 2026 08:00:00 +0000");
        assertThat(page.getString("items[0].internalDate")).isEqualTo(D1.toString());
        assertThat(page.getList("items[0].flags")).containsExactly("\\Answered", "\\Seen");
        assertThat(page.getList("items[0].keywords")).containsExactly("$Forwarded");
        assertThat(page.getLong("items[0].size")).isEqualTo(inbox.get(0).body().length);
        JsonPath next = api.get(base + "latest/messages?folder=INBOX&offset=1&limit=5").then().statusCode(200)
                .extract().jsonPath();
        assertThat(next.getLong("items[0].uid")).isEqualTo(inbox.get(1).uid());
        assertThat(next.getList("items[0].flags")).containsExactly("\\Draft", "\\Flagged");

        Response raw = api.get("/api/v1/mailboxes/" + id + "/messages/" + page.getString("items[0].sha256"));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.contentType()).startsWith("message/rfc822");
        assertThat(raw.header("Content-Disposition")).startsWith("attachment;");
        assertThat(raw.asByteArray()).isEqualTo(inbox.get(0).body());

        assertThat(api.get(base + "yesterday/folders").statusCode()).isEqualTo(400);
        assertThat(api.get(base + "latest/messages?folder=Nope").statusCode()).isEqualTo(404);
        assertThat(api.get(base + "latest/messages").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/mailboxes/" + id + "/messages/" + "0".repeat(64)).statusCode()).isEqualTo(404);
        assertThat(api.get("/api/v1/mailboxes/" + id + "/messages/not-a-sha").statusCode()).isEqualTo(400);
        assertThat(api.get("/api/v1/mailboxes/nobody/snapshots/latest/folders").statusCode()).isEqualTo(404);
    }

    /** Waits for a snapshot newer than {@code after} that the status names, and answers its summary. */
    private static JsonPath awaitSnapshot(ServiceApi api, String id, String after) {
        await().atMost(Duration.ofSeconds(120)).alias("a snapshot after " + after).until(() -> {
            String latest = api.status(id).getString("lastSnapshot.id");
            return latest != null && !latest.equals(after) && "ok".equals(api.status(id).getString("state"));
        });
        return new JsonPath(api.get("/api/v1/mailboxes/" + id + "/snapshots?limit=1").asString())
                .setRootPath("items[0]");
    }

    private static byte[] exportOverApi(ServiceApi api, String id, String format, String at, List<String> folders) {
        StringBuilder query = new StringBuilder("?format=" + format);
        if (at != null) {
            query.append("&at=").append(at);
        }
        folders.forEach(folder -> query.append("&folder=").append(folder));
        Response response = api.get("/api/v1/mailboxes/" + id + "/export" + query);
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.contentType()).isEqualTo("application/x-tar");
        return response.asByteArray();
    }

    private static Path untar(byte[] tar, Path dir) throws IOException {
        Files.createDirectories(dir);
        List<Instant> times = new ArrayList<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = dir.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(dir)).as(entry.getName()).isTrue();
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                    continue;
                }
                Files.createDirectories(target.getParent());
                try (OutputStream out = Files.newOutputStream(target)) {
                    in.transferTo(out);
                }
                Files.setLastModifiedTime(target, FileTime.from(entry.getModTime().toInstant()));
                times.add(entry.getModTime().toInstant());
            }
        }
        assertThat(times).isNotEmpty();
        return dir;
    }

    private record Offline(int code, String out, String err) {
    }

    /** Runs an offline command of the packaged jar with only the S3 settings in its environment. */
    private static Offline offline(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaCommand.java(), "-jar", ServiceEnv.jar().toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(key -> key.startsWith("MAILCELLAR_") || key.startsWith("KAFKA_"));
        builder.environment().putAll(env);
        Path err = Files.createTempFile("offline", ".err");
        builder.redirectError(err.toFile());
        Process process = builder.start();
        String out;
        try (InputStream in = process.getInputStream()) {
            out = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int code = process.waitFor();
        String errors = Files.readString(err);
        Files.delete(err);
        return new Offline(code, out, errors);
    }
}
