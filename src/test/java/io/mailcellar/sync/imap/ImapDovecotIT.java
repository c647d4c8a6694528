package io.mailcellar.sync.imap;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.BucketSnapshots;
import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.InterruptingImapProxy;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ScriptedImapServer;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.SpoilingImapProxy;
import io.mailcellar.testsupport.TestHosts;
import io.mailcellar.testsupport.TopicRecords;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * IMAP sync of whole mailboxes against a real Dovecot (CONDSTORE, QRESYNC,
 * LIST-STATUS, SPECIAL-USE): every folder, every kind of change as exactly
 * the matching events, renumbered folders, quiet runs without a FETCH, and
 * messages that are huge or broken, all archived byte-exact.
 */
class ImapDovecotIT {

    private static final String NAME = "dovecot-it";
    private static final String PASSWORD = "dovecot-it-pw";

    private static LocalServers servers;
    private static Dovecot dovecot;
    private static CountingImapProxy proxy;
    private static ServiceProcess service;
    private static ServiceApi api;
    private static TestHosts hosts;

    @BeforeAll
    static void start() throws Exception {
        servers = LocalServers.get();
        dovecot = servers.dovecot();
        proxy = new CountingImapProxy(dovecot.imapPort());
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        // Small batches, so a run commits several times per folder.
        env.put("MAILCELLAR_SYNC_BATCH_BYTES", "1M");
        // IDLE begun again every few seconds rather than 25 minutes, for the push test to see it.
        env.put("MAILCELLAR_PUSH_REIDLE", "3s");
        // Names resolve through a file the rebinding test rewrites.
        hosts = new TestHosts(servers.runDir().resolve("dovecot-it.hosts"));
        service = ServiceProcess.startResolvingThrough(hosts, ServiceEnv.jar(), env,
                servers.runDir().resolve("dovecot-it.log"), Duration.ofSeconds(90));
        api = new ServiceApi(service);
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
    }

    @Test
    void everyFolderEveryChangeAndQuietRunsWithoutFetch() throws Exception {
        String user = "alice1@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.doveadm("mailbox", "create", "-u", user, "Sent", "Drafts", "Trash", "Projects/Alpha", "Réunions/Été");
        byte[] shared = message("shared between INBOX and Projects/Alpha");
        dovecot.save(user, "INBOX", message("first"));
        dovecot.save(user, "INBOX", shared);
        dovecot.save(user, "Sent", message("sent"));
        dovecot.save(user, "Drafts", message("draft"));
        dovecot.save(user, "Trash", message("trashed"));
        dovecot.save(user, "Projects/Alpha", shared);
        dovecot.save(user, "Projects/Alpha", message("alpha"));
        dovecot.save(user, "Réunions/Été", message("réunion d'été"));
        dovecot.doveadm("flags", "add", "-u", user, "\\Flagged", "mailbox", "INBOX", "uid", "1");
        dovecot.doveadm("flags", "add", "-u", user, "$Important", "mailbox", "Projects/Alpha", "uid", "1");
        List<String> folders = List.of("INBOX", "Sent", "Drafts", "Trash", "Projects/Alpha", "Réunions/Été");
        Map<String, List<RawMessage>> before = serverMessages(user, folders);

        String id = register(user);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        awaitRuns(events, 1);

        assertThat(events.summaries()).containsExactlyInAnyOrder(
                "folder.created INBOX", "folder.created Sent", "folder.created Drafts", "folder.created Trash",
                "folder.created Projects/Alpha", "folder.created Réunions/Été",
                "message.added INBOX", "message.added INBOX", "message.added Sent", "message.added Drafts",
                "message.added Trash", "message.added Projects/Alpha", "message.added Projects/Alpha",
                "message.added Réunions/Été");
        assertThat(specialUses(events)).containsEntry("Sent", "\\\\Sent").containsEntry("Drafts", "\\\\Drafts")
                .containsEntry("Trash", "\\\\Trash");
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 7);
            assertThat(s3.keys(messagesOf(id))).as("the shared message is one object").hasSize(7);
            assertArchivedByteExact(s3, id, serverMessages(user, folders));
            assertSnapshotIsTheServer(new BucketSnapshots(s3, id), 1, serverMessages(user, folders));
            assertFoldersAsTheServerKnowsThem(new BucketSnapshots(s3, id).latest(), user);
        }
        assertThat(flags(serverMessages(user, folders))).as("no flag changed, no \\Seen set").isEqualTo(flags(before));

        // Changes behind the service's back, then one run: exactly the matching events.
        dovecot.doveadm("flags", "add", "-u", user, "\\Seen", "mailbox", "INBOX", "uid", "1");
        dovecot.doveadm("flags", "remove", "-u", user, "\\Flagged", "mailbox", "INBOX", "uid", "1");
        dovecot.doveadm("flags", "add", "-u", user, "\\Answered", "mailbox", "Sent", "uid", "1");
        dovecot.doveadm("expunge", "-u", user, "mailbox", "Trash", "uid", "1");
        dovecot.doveadm("mailbox", "create", "-u", user, "Archive");
        dovecot.doveadm("mailbox", "rename", "-u", user, "Projects/Alpha", "Projects/Beta");
        dovecot.doveadm("mailbox", "delete", "-u", user, "Drafts");
        dovecot.save(user, "INBOX", message("new in INBOX"));
        int seen = events.summaries().size();
        int commandsBefore = proxy.commandLog().size();
        syncAndWait(id, events);
        List<String> commands = proxy.commandLog().subList(commandsBefore, proxy.commandLog().size());
        assertThat(commands).as("changes come from QRESYNC, not from a flag scan")
                .anyMatch(c -> c.startsWith("EXAMINE") && c.contains("QRESYNC"))
                .noneMatch(c -> c.contains("(UID FLAGS)"));
        assertThat(events.summaries().subList(seen, events.summaries().size())).containsExactlyInAnyOrder(
                "message.flags-changed INBOX uid=1 flags=[\\Seen]",
                "message.flags-changed Sent uid=1 flags=[\\Answered]",
                "message.expunged Trash uid=1",
                "folder.created Archive",
                "folder.renamed Projects/Beta",
                "folder.deleted Drafts",
                "message.added INBOX");
        List<String> after = List.of("INBOX", "Sent", "Trash", "Archive", "Projects/Beta", "Réunions/Été");
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            assertSnapshotIsTheServer(new BucketSnapshots(s3, id), 2, serverMessages(user, after));
        }

        // Nothing changed: no FETCH of any kind, no event but the run summary, nothing written to the bucket.
        int fetches = proxy.fetches();
        seen = events.summaries().size();
        List<String> stored;
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            stored = s3.keys("mailboxes/" + id + "/");
            double handled = runsHandled();
            syncAndWait(id, events);
            await().atMost(Duration.ofSeconds(60)).until(() -> runsHandled() > handled);
            assertThat(s3.keys("mailboxes/" + id + "/")).as("an unchanged run writes nothing").isEqualTo(stored);
        }
        assertThat(proxy.fetches()).isEqualTo(fetches);
        assertThat(events.summaries()).hasSize(seen);

        // One new message: its body, one tree page and one snapshot.
        dovecot.save(user, "Réunions/Été", message("one more"));
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            syncAndWait(id, events);
            BucketSnapshots snapshots = new BucketSnapshots(s3, id);
            await().atMost(Duration.ofSeconds(60)).until(() -> snapshots.keys().size() == 3);
            List<String> added = new java.util.ArrayList<>(s3.keys("mailboxes/" + id + "/"));
            added.removeAll(stored);
            assertThat(added).hasSize(3).anyMatch(key -> key.contains("/messages/"))
                    .anyMatch(key -> key.contains("/trees/")).anyMatch(key -> key.contains("/snapshots/"));
            assertSnapshotIsTheServer(snapshots, 3, serverMessages(user, after));

            io.restassured.path.json.JsonPath listed = api.get("/api/v1/mailboxes/" + id + "/snapshots?limit=2")
                    .then().statusCode(200).extract().jsonPath();
            assertThat(listed.getInt("total")).isEqualTo(3);
            assertThat(listed.getList("items.id")).containsExactly(
                    snapshots.keys().stream().limit(2).map(k -> k.replaceAll(".*/(.*)\\.json", "$1")).toArray());
            assertThat(listed.getInt("items[0].messages")).isEqualTo(8);
            assertThat(listed.getInt("items[0].folders")).isEqualTo(6);
            assertThat(listed.getInt("items[0].uniqueMessages")).as("the shared message once").isEqualTo(7);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/snapshots?offset=2").jsonPath().getList("items"))
                    .hasSize(1);
            api.get("/api/v1/mailboxes/no-such-mailbox/snapshots").then().statusCode(404);
            String newest = listed.getString("items[0].id");
            await().atMost(Duration.ofSeconds(30)).until(() -> newest.equals(
                    api.status(id).getString("lastSnapshot.id")));
            assertThat(api.status(id).getInt("lastSnapshot.messages")).isEqualTo(8);
            assertThat(api.status(id).getString("lastSnapshot.confirmedAt")).isNotNull();
        }
        assertThat(serverMessages(user, List.of("INBOX")).get("INBOX"))
                .filteredOn(m -> m.uid() != 1)
                .allSatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));
    }

    @Test
    void aRenumberedFolderIsRematchedByContentWithoutUploading() throws Exception {
        String user = "alice2@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.doveadm("mailbox", "create", "-u", user, "Lists");
        List<byte[]> messages = List.of(message("list one"), message("list two"), message("list three"));
        messages.forEach(m -> dovecot.save(user, "Lists", m));

        String id = register(user);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        awaitRuns(events, 1);
        assertThat(events.summaries()).filteredOn(s -> s.startsWith("message.added")).hasSize(3);
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 3);
        }

        long oldValidity = Long.parseLong(dovecot.doveadm("-f", "flow", "mailbox", "status", "-u", user,
                "uidvalidity", "Lists").replaceAll("(?s).*uidvalidity=(\\d+).*", "$1"));
        dovecot.doveadm("mailbox", "delete", "-u", user, "Lists");
        dovecot.doveadm("mailbox", "create", "-u", user, "Lists");
        messages.forEach(m -> dovecot.save(user, "Lists", m));
        dovecot.doveadm("mailbox", "update", "-u", user, "--uid-validity", Long.toString(oldValidity + 1000), "Lists");

        double written = writtenObjects();
        int seen = events.summaries().size();
        syncAndWait(id, events);
        assertThat(events.summaries().subList(seen, events.summaries().size()))
                .containsExactly("folder.uidvalidity-changed Lists");
        assertThat(writtenObjects()).as("nothing uploaded again").isEqualTo(written);

        // The cursor recovered: the next run is quiet.
        int fetches = proxy.fetches();
        seen = events.summaries().size();
        syncAndWait(id, events);
        assertThat(events.summaries()).hasSize(seen);
        assertThat(proxy.fetches()).isEqualTo(fetches);

        // Renamed and renumbered at once: only the content tells it is the same folder.
        dovecot.doveadm("mailbox", "rename", "-u", user, "Lists", "Mailing lists");
        dovecot.doveadm("mailbox", "update", "-u", user, "--uid-validity", Long.toString(oldValidity + 2000),
                "Mailing lists");
        seen = events.summaries().size();
        syncAndWait(id, events);
        assertThat(events.summaries().subList(seen, events.summaries().size()))
                .containsExactly("folder.renamed Mailing lists", "folder.uidvalidity-changed Mailing lists");
        assertThat(writtenObjects()).as("nothing uploaded again").isEqualTo(written);
    }

    @Test
    void hugeAndBrokenMessagesAreArchivedAsTheyAre() throws Exception {
        String user = "alice3@example.test";
        dovecot.addUser(user, PASSWORD);
        List<byte[]> odd = List.of(
                sixtyMegabytes(),
                raw("Subject: a NUL byte\r\n\r\nbefore\0after\r\n"),
                bytes("Subject: 8-bit garbage \u00ff\u00fe\r\n\r\n", new byte[]{(byte) 0x80, (byte) 0xC3, 0x28, (byte) 0xFF, 13, 10}),
                raw("Subject: long\r\nX-Long: " + "x".repeat(10_000) + "\r\n\r\nbody\r\n"),
                raw("Subject: empty body\r\nFrom: nobody@example.test\r\n\r\n"),
                raw("Subject: broken MIME\r\nContent-Type: multipart/mixed; boundary=\"never-closed\"\r\n\r\n"
                        + "--never-closed\r\nContent-Type: text/plain\r\n\r\npart without an end\r\n"));
        odd.forEach(m -> dovecot.save(user, "INBOX", m));

        String id = register(user);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        awaitRuns(events, 1);
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(180)).until(() -> s3.keys(messagesOf(id)).size() == odd.size());
            Map<String, List<RawMessage>> onServer = serverMessages(user, List.of("INBOX"));
            assertThat(onServer.get("INBOX")).hasSize(odd.size());
            assertThat(onServer.get("INBOX").get(0).body().length).isGreaterThan(60_000_000);
            assertArchivedByteExact(s3, id, onServer);
            await().atMost(Duration.ofSeconds(30)).alias("the run's snapshot")
                    .until(() -> !new BucketSnapshots(s3, id).keys().isEmpty());
            assertThat(new BucketSnapshots(s3, id).folders(new BucketSnapshots(s3, id).latest()).get("INBOX"))
                    .as("every odd message in the snapshot").hasSize(odd.size());
            assertThat(s3.keys("mailboxes/" + id + "/"))
                    .as("the large messages, the manifest, tree pages and snapshots, and nothing else")
                    .allMatch(key -> BucketSnapshots.isDocumentedObject(id, key));
        }
    }

    @Test
    void aConnectionDroppedMidFolderResumesFromTheCursor() throws Exception {
        String user = "alice4@example.test";
        dovecot.addUser(user, PASSWORD);
        Random random = new Random(4);
        long largest = 0;
        for (int i = 0; i < 30; i++) {
            byte[] filler = new byte[150_000];
            random.nextBytes(filler);
            byte[] message = raw("Subject: part " + i + "\r\n\r\n"
                    + java.util.Base64.getMimeEncoder().encodeToString(filler) + "\r\n");
            largest = Math.max(largest, message.length);
            dovecot.save(user, "INBOX", message);
        }
        // Messages per batch under this service's 1 MB batch limit (MAILCELLAR_SYNC_BATCH_BYTES).
        long perBatch = (1024 * 1024) / largest;
        proxy.dropNextConnectionAfter(3_000_000);

        String id = register(user);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        await().atMost(Duration.ofSeconds(60)).until(() -> events.completedRuns() >= 1);
        int addedBeforeDrop = (int) events.summaries().stream().filter(s -> s.startsWith("message.added")).count();
        assertThat(addedBeforeDrop).as("the drop came mid-folder, after some batches").isBetween(1, 29);
        String failedRun = new String(events.records().stream()
                .filter(r -> "io.mailcellar.sync.completed".equals(TopicRecords.header(r, "ce_type")))
                .findFirst().orElseThrow().value(), StandardCharsets.UTF_8);
        assertThat(failedRun).contains("\"outcome\":\"failure\"")
                .contains("\"messagesAdded\":" + addedBeforeDrop);
        await().atMost(Duration.ofSeconds(30)).until(() -> "backing-off".equals(api.status(id).getString("state")));
        assertThat(api.status(id).getString("retryAt")).isNotNull();
        api.trySync(id).then().statusCode(409)
                .body("detail", org.hamcrest.Matchers.containsString("force=true"));

        int runs = events.completedRuns();
        api.forceSync(id);
        awaitRuns(events, runs + 1);
        List<String> addedIds = events.addedIds();
        assertThat(new HashSet<>(addedIds)).as("every message published, each under one event id").hasSize(30);
        // Events go out as messages arrive and are acknowledged per batch, so what the first run sent after its
        // last saved cursor goes out again, under the same ids (at-least-once); nothing the cursor covered does.
        assertThat(addedIds.size() - 30).as("re-published by the second run: the failed run's unsaved batch only")
                .isLessThanOrEqualTo((int) perBatch)
                .isLessThan(addedBeforeDrop);
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 30);
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
        }
    }

    @Test
    void aMessageTheServerSpoilsIsNeverSkippedSilentlyNorStoredEmpty() throws Exception {
        String user = "alice5@example.test";
        dovecot.addUser(user, PASSWORD);
        for (int i = 1; i <= 8; i++) {
            dovecot.save(user, "INBOX", raw("Subject: message " + i + "\r\n\r\nbody " + i + "\r\n"));
        }
        try (SpoilingImapProxy spoiling = new SpoilingImapProxy(dovecot.imapPort());
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            // First run: UID 5 comes with an INTERNALDATE that is no date, which Angus cannot parse.
            spoiling.spoil(5, SpoilingImapProxy.Spoil.BAD_INTERNALDATE, 1);
            String id = api.registerImapId(user, spoiling.port(), user, PASSWORD);
            MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
            awaitRuns(events, 1);
            assertThat(spoiling.spoiled()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 7);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).getList("unreadMessages").size() == 1);
            assertThat(api.status(id).getString("unreadMessages[0].folder")).isEqualTo("INBOX");
            assertThat(api.status(id).getLong("unreadMessages[0].uid")).isEqualTo(5);
            assertThat(api.status(id).getInt("unreadMessages[0].attempts")).isEqualTo(1);
            assertThat(api.status(id).getString("unreadMessages[0].reason"))
                    .startsWith("the server's answer for it could not be read");
            assertThat(service.management().get("/q/metrics").asString())
                    .contains("mailcellar_mailbox_unread_messages{mailbox=\"" + id + "\"} 1.0")
                    .contains("mailcellar_mailbox_consecutive_failures{mailbox=\"" + id + "\"} 0.0");

            // Second run: UID 5 comes as BODY[] NIL, and a new message arrives: the folder is not stalled.
            spoiling.spoil(5, SpoilingImapProxy.Spoil.NIL_BODY, 1);
            dovecot.save(user, "INBOX", raw("Subject: message 9\r\n\r\nbody 9\r\n"));
            syncAndWait(id, events);
            assertThat(spoiling.spoiled()).isEqualTo(2);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 8);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.status(id).getInt("unreadMessages[0].attempts") == 2);
            assertThat(api.status(id).getString("unreadMessages[0].reason"))
                    .isEqualTo("the server sent no body for it (BODY[] NIL)");
            await().atMost(Duration.ofSeconds(30)).alias("ok once the run's snapshot is written")
                    .until(() -> "ok".equals(api.status(id).getString("state")));

            // Third run: the server behaves, and UID 5 is archived byte-exact; nothing is pending.
            syncAndWait(id, events);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 9);
            await().atMost(Duration.ofSeconds(30)).until(() -> api.status(id).getList("unreadMessages").isEmpty());
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
            assertThat(events.addedIds()).as("each message published once").hasSize(9).doesNotHaveDuplicates();
        }
    }

    /**
     * A message larger than a batch (1M here) is fetched in chunks of a
     * batch into a spool file, never whole into memory, and archived byte for
     * byte like any other, in UID order with the small ones around it.
     */
    @Test
    void aMessageLargerThanABatchIsFetchedInChunks() throws Exception {
        String user = "alice7@example.test";
        dovecot.addUser(user, PASSWORD);
        StringBuilder large = new StringBuilder("Subject: five megabytes\r\n\r\n");
        for (int line = 0; large.length() < 5 * 1024 * 1024 + 300; line++) {
            large.append("line ").append(line).append(" of a large message, to be fetched in chunks\r\n");
        }
        dovecot.save(user, "INBOX", raw("Subject: before\r\n\r\nsmall\r\n"));
        dovecot.save(user, "INBOX", raw(large.toString()));
        dovecot.save(user, "INBOX", raw("Subject: after\r\n\r\nsmall\r\n"));
        int commandsBefore = proxy.rawCommandLog().size();
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            String id = register(user);
            await().atMost(Duration.ofSeconds(90)).until(() -> s3.keys(messagesOf(id)).size() == 3);
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api.status(id).getString("state")));
        }
        List<String> commands = proxy.rawCommandLog().subList(commandsBefore, proxy.rawCommandLog().size());
        List<String> chunks = commands.stream().filter(c -> c.contains("UID FETCH 2 ")).toList();
        assertThat(chunks).as("six chunks of 1M: the sixth comes back short")
                .hasSize(6)
                .allMatch(c -> c.matches(".*BODY\\.PEEK\\[\\]<\\d+\\.1048576>\\)$"));
        assertThat(chunks.get(0)).contains("(UID FLAGS INTERNALDATE BODY.PEEK[]<0.1048576>)");
        assertThat(chunks.get(5)).contains("BODY.PEEK[]<5242880.1048576>");
        assertThat(commands).as("never asked for whole").noneMatch(c -> c.matches(".*UID FETCH [^ ]*\\b2\\b.*BODY\\.PEEK\\[\\]\\).*"));
    }

    @Test
    void aTwoGigabyteLiteralDoesNotTakeThePollerDown() throws Exception {
        String user = "alice6@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", raw("Subject: announced as 2 GB\r\n\r\nbody\r\n"));
        try (SpoilingImapProxy spoiling = new SpoilingImapProxy(dovecot.imapPort());
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            spoiling.spoil(1, SpoilingImapProxy.Spoil.HUGE_LITERAL, 1);
            String id = api.registerImapId(user, spoiling.port(), user, PASSWORD);
            await().atMost(Duration.ofSeconds(60)).until(() -> "backing-off".equals(api.status(id).getString("state")));
            assertThat(api.status(id).getString("reason")).contains("larger than this poller's memory can hold");
            assertThat(service.isAlive()).isTrue();

            api.forceSync(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> "ok".equals(api.status(id).getString("state")));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 1);
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
        }
    }

    /**
     * Objects deleted behind the service's back come back after a check, read again from Dovecot; an object
     * whose bytes were altered is found only by reading every object ({@code readData}), and replaced.
     */
    @Test
    void aCheckBringsBackDeletedObjectsAndReadDataReplacesAlteredOnes() throws Exception {
        String user = "alice-check@example.test";
        dovecot.addUser(user, PASSWORD);
        for (String subject : List.of("kept", "deleted behind our back", "altered behind our back")) {
            dovecot.save(user, "INBOX", message(subject));
        }
        String id = register(user);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        awaitRuns(events, 1);
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 3);
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api.status(id).getString("state")));
            Map<String, List<RawMessage>> onServer = serverMessages(user, List.of("INBOX"));
            String deleted = ArchivedMessages.key(id, onServer.get("INBOX").get(1).body());
            String altered = ArchivedMessages.key(id, onServer.get("INBOX").get(2).body());
            s3.delete(deleted);
            byte[] spoiled = onServer.get("INBOX").get(2).body().clone();
            spoiled[spoiled.length - 3] ^= 1;
            s3.put(altered, spoiled);
            int fetchesBefore = proxy.contentFetches();

            JsonPath check = api.check(id, false);
            assertThat(check.getBoolean("readData")).isFalse();
            assertThat(check.getInt("checked")).isEqualTo(3);
            assertThat(check.getInt("missing")).isEqualTo(1);
            assertThat(check.getInt("damaged")).as("not read: not known").isZero();
            assertThat(check.getInt("repaired")).isEqualTo(1);
            assertThat(check.getInt("unrepairable")).isZero();
            assertThat(s3.read(deleted)).as("back, byte-exact").isEqualTo(onServer.get("INBOX").get(1).body());
            assertThat(s3.read(altered)).as("a listing cannot see it").isEqualTo(spoiled);
            assertThat(proxy.contentFetches()).as("the missing message read again").isGreaterThan(fetchesBefore);

            check = api.check(id, true);
            assertThat(check.getBoolean("readData")).isTrue();
            assertThat(check.getInt("missing")).isZero();
            assertThat(check.getInt("damaged")).isEqualTo(1);
            assertThat(check.getInt("repaired")).isEqualTo(1);
            assertArchivedByteExact(s3, id, onServer);
            assertThat(api.status(id).getString("state")).isEqualTo("ok");
        }
    }

    /**
     * The password changed at the server: the mailbox is auth-failed. A PATCH with the new one keeps its id,
     * cursor and archive; the poll it starts at once, though the mailbox was backing off, fetches no message again.
     */
    @Test
    void aPasswordChangedInPlaceFetchesNothingAgain() throws Exception {
        String user = "patch1@example.test";
        String newPassword = "changed-" + PASSWORD;
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", message("before the new password"));
        dovecot.save(user, "INBOX", message("also before it"));
        String id = register(user);
        try (MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            awaitRuns(events, 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 2);
            String createdAt = api.get("/api/v1/mailboxes/" + id).jsonPath().getString("createdAt");

            dovecot.changePassword(user, newPassword);
            api.forceSync(id);
            await().atMost(Duration.ofSeconds(60)).alias("auth-failed with the old password")
                    .until(() -> "auth-failed".equals(api.status(id).getString("state")));
            java.time.Instant retryAt = java.time.Instant.parse(api.status(id).getString("retryAt"));
            assertThat(retryAt).as("backing off a minute").isAfter(java.time.Instant.now().plusSeconds(30));
            int runs = events.completedRuns();
            int contentFetches = proxy.contentFetches();

            service.request().contentType("application/merge-patch+json")
                    .body("{\"host\": \"localhost\"}")
                    .patch("/api/v1/mailboxes/" + id).then().statusCode(400)
                    .body("errors[0].field", org.hamcrest.Matchers.equalTo("auth"));
            String changed = service.request().contentType("application/merge-patch+json")
                    .body("{\"auth\": {\"type\": \"password\", \"password\": \"" + newPassword + "\"}}")
                    .patch("/api/v1/mailboxes/" + id).then().statusCode(200)
                    .body("id", org.hamcrest.Matchers.equalTo(id))
                    .body("createdAt", org.hamcrest.Matchers.equalTo(createdAt))
                    .extract().asString();
            assertThat(changed).doesNotContain(newPassword);

            // No sync request from here: the change itself starts the poll, well before the back-off ends.
            await().atMost(Duration.ofSeconds(20)).until(() -> events.completedRuns() > runs);
            assertThat(events.lastCompletedJson()).contains("\"outcome\":\"success\"");
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api.status(id).getString("state")));
            assertThat(proxy.contentFetches()).as("no message fetched again").isEqualTo(contentFetches);
            assertThat(events.lastCompletedJson()).contains("\"messagesAdded\":0");
            assertThat(s3.keys(messagesOf(id))).as("the same archive").hasSize(2);

            dovecot.save(user, "INBOX", message("after the new password"));
            syncAndWait(id, events);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 3);
            assertThat(proxy.contentFetches() - contentFetches).as("only the new message").isEqualTo(1);
        }
    }

    /**
     * A daily download limit, as Gmail's: the backup stops once the day's bytes are used up and says until when
     * (the next midnight UTC) instead of failing; what it fetched is kept, and a raised limit goes on at once.
     */
    @Test
    void aDailyDownloadLimitStopsTheBackupUntilMidnightAndARaisedOneGoesOnAtOnce() throws Exception {
        String user = "limited1@example.test";
        dovecot.addUser(user, PASSWORD);
        for (int i = 1; i <= 4; i++) {
            dovecot.save(user, "INBOX", raw(filled("Subject: part " + i + " of 1.2 MB\r\n\r\n", 300 * 1024)));
        }
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            String id = api.registerImapWith(proxy.port(), user, PASSWORD, "\"limits\": {\"maxBytesPerDay\": 1000000}");
            await().atMost(Duration.ofSeconds(60)).until(() -> "throttled".equals(api.status(id).getString("state")));
            var status = api.status(id);
            String midnight = java.time.LocalDate.now(java.time.ZoneOffset.UTC).plusDays(1) + "T00:00:00Z";
            assertThat(status.getString("retryAt")).isEqualTo(midnight);
            assertThat(status.getString("reason")).isEqualTo("the daily download limit (1000000 bytes, "
                    + "limits.maxBytesPerDay) is reached; throttled until " + midnight);
            int kept = s3.keys(messagesOf(id)).size();
            assertThat(kept).as("what was fetched before the limit is kept").isBetween(1, 3);

            service.request().contentType("application/merge-patch+json")
                    .body("{\"limits\": {\"maxBytesPerDay\": 10000000}}")
                    .patch("/api/v1/mailboxes/" + id).then().statusCode(200).body("limits.maxBytesPerDay",
                            org.hamcrest.Matchers.equalTo(10000000));
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 4);
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api.status(id).getString("state")));
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
        }
    }

    /** A provider's throttled reply (Exchange's suggested back-off) is waited out, and the backup goes on by itself. */
    @Test
    void aThrottledReplyIsHonouredAndTheBackupGoesOnByItself() throws Exception {
        String user = "throttled1@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", raw("Subject: during throttling\r\n\r\nwait for it\r\n"));
        try (InterruptingImapProxy exchange = new InterruptingImapProxy(dovecot.imapPort());
             S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            exchange.refuseNextContentFetch("Request is throttled. Suggested Backoff Time: 4000 milliseconds");
            String id = api.registerImapId(user, exchange.port(), user, PASSWORD);
            try (MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> "throttled".equals(api.status(id).getString("state")));
                var status = api.status(id);
                java.time.Instant retryAt = java.time.Instant.parse(status.getString("retryAt"));
                assertThat(status.getString("reason")).contains("is throttling this account and asks us to wait")
                        .endsWith("; throttled until " + retryAt);
                assertThat(retryAt).isBetween(java.time.Instant.now().plusSeconds(1),
                        java.time.Instant.now().plusSeconds(6));
                assertThat(exchange.ended()).isEqualTo(1);

                // No poll request: the next run comes at the time the server asked for.
                await().atMost(Duration.ofSeconds(30)).until(() -> events.completedOutcomes().contains("success"));
                assertThat(java.time.Instant.now()).isAfterOrEqualTo(retryAt);
                await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys(messagesOf(id)).size() == 1);
            }
        }
    }

    /**
     * IDLE push: with an hourly schedule, only IDLE can make a new message be backed up within seconds; a
     * dropped IDLE connection (Dovecot kicks the user) is made again, and the next arrival is seen as well.
     */
    @Test
    void anIdleWatchedInboxIsBackedUpAsMailArrivesAndADroppedIdleIsMadeAgain() throws Exception {
        String user = "idle1@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", raw("Subject: before watching\r\n\r\none\r\n"));
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            String id = api.registerImapWith(proxy.port(), user, PASSWORD,
                    "\"schedule\": {\"interval\": \"PT1H\"}, \"push\": {\"idle\": true}");
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messagesOf(id)).size() == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> idles() >= 1);
            int firstIdles = idles();
            await().atMost(Duration.ofSeconds(15)).alias("IDLE begun again on the same connection")
                    .until(() -> idles() >= firstIdles + 2);
            assertThat(watchingLines(id)).as("no new connection for it").isEqualTo(1);

            dovecot.save(user, "INBOX", raw("Subject: pushed\r\n\r\ntwo\r\n"));
            await().atMost(Duration.ofSeconds(20)).alias("backed up on IDLE's word, not the hourly poll")
                    .until(() -> s3.keys(messagesOf(id)).size() == 2);

            int idlesBefore = idles();
            dovecot.doveadm("kick", user);
            await().atMost(Duration.ofSeconds(30)).alias("IDLE begun again after the kick")
                    .until(() -> idles() > idlesBefore);
            dovecot.save(user, "INBOX", raw("Subject: after the kick\r\n\r\nthree\r\n"));
            await().atMost(Duration.ofSeconds(20)).until(() -> s3.keys(messagesOf(id)).size() == 3);
            assertArchivedByteExact(s3, id, serverMessages(user, List.of("INBOX")));
            service.request().delete("/api/v1/mailboxes/" + id).then().statusCode(204);
        }
    }

    /** A server without IDLE is polled as before: the watcher says so once and does not come back. */
    @Test
    void aServerWithoutIdleIsPolledAsBeforeAndSaidSoOnce() throws Exception {
        try (ScriptedImapServer noIdle = new ScriptedImapServer("IMAP4rev1 LITERAL+")) {
            String id = api.registerImapWith(noIdle.port(), "noidle@example.test", PASSWORD,
                    "\"push\": {\"idle\": true}");
            String said = "mailbox " + id + ": the server offers no IDLE; folder INBOX is polled at the mailbox's "
                    + "interval instead";
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(service.log()).contains(said));
            Thread.sleep(12_000); // two reconciliations of the watchers
            assertThat(Files.readString(service.log()).split(java.util.regex.Pattern.quote(said), -1))
                    .as("said once, not retried").hasSize(2);
            assertThat(noIdle.commands()).noneMatch(command -> command.startsWith("IDLE"));
            service.request().delete("/api/v1/mailboxes/" + id).then().statusCode(204);
        }
    }

    private static long watchingLines(String id) throws java.io.IOException {
        return Files.readString(service.log()).lines()
                .filter(line -> line.contains("mailbox " + id + " folder INBOX: watching with IDLE")).count();
    }

    private static int idles() {
        return (int) proxy.rawCommandLog().stream().filter(line -> line.trim().endsWith(" IDLE")).count();
    }

    private static String filled(String headers, int size) {
        StringBuilder text = new StringBuilder(headers);
        for (int line = 0; text.length() < size; line++) {
            text.append("line ").append(line).append(" of a message that counts against the daily limit\r\n");
        }
        return text.toString();
    }

    /**
     * DNS rebinding: a name that led to the mail server when it was registered, and leads inward later, is
     * refused at the connect, before any socket opens. Only 127.0.0.1 is allowed here, and the inward address is
     * 127.0.0.2, so even a failing guard would reach nothing beyond loopback.
     */
    @Test
    void aNameThatTurnsInwardAfterRegistrationIsRefusedAtTheConnect() throws Exception {
        String user = "rebind@example.test";
        dovecot.addUser(user, PASSWORD);
        dovecot.save(user, "INBOX", message("reached by its name"));
        hosts.map("mail.rebind.test", "127.0.0.1");
        try (CountingImapProxy counted = new CountingImapProxy(dovecot.imapPort())) {
            String id = service.request().contentType("application/json").body("""
                    {"name": "rebind", "protocol": "imap", "host": "mail.rebind.test", "port": %d, "security": "none",
                     "username": "%s", "auth": {"type": "password", "password": "%s"}}
                    """.formatted(counted.port(), user, PASSWORD))
                    .post("/api/v1/mailboxes").then().statusCode(201).extract().jsonPath().getString("id");
            await().atMost(Duration.ofSeconds(60)).until(() -> "ok".equals(api.status(id).getString("state")));
            int connections = counted.connections();
            assertThat(connections).as("the first backup went by the name").isPositive();

            hosts.map("mail.rebind.test", "127.0.0.2");
            api.forceSync(id);

            await().atMost(Duration.ofSeconds(60)).until(() -> "backing-off".equals(api.status(id).getString("state")));
            assertThat(api.status(id).getString("reason")).isEqualTo("refused by the outbound guard: "
                    + "'mail.rebind.test' resolves to 127.0.0.2, a loopback address (127.0.0.0/8), where the service "
                    + "does not connect by default; an operator can permit it with mailcellar.mail.allowed-networks "
                    + "or mailcellar.mail.allowed-hosts");
            assertThat(counted.connections()).as("no connection after the name turned").isEqualTo(connections);
            service.request().delete("/api/v1/mailboxes/" + id).then().statusCode(204);
        }
    }

    private static String register(String user) {
        return api.registerImapId(user, proxy.port(), user, PASSWORD);
    }

    private static void syncAndWait(String id, MailEvents events) {
        int runs = events.completedRuns();
        api.requestSync(id);
        awaitRuns(events, runs + 1);
    }

    /** Each folder of the snapshot under the name LIST gives it, with the HIGHESTMODSEQ its STATUS gives. */
    private static void assertFoldersAsTheServerKnowsThem(JsonNode snapshot, String user) throws Exception {
        try (RawImapClient client = new RawImapClient(dovecot.imapPort(), user, PASSWORD)) {
            List<String> listed = client.listedNames();
            assertThat(listed).as("Dovecot spells the non-ASCII folder in modified UTF-7").contains("R&AOk-unions/&AMk-t&AOk-");
            for (JsonNode folder : snapshot.get("folders")) {
                String serverName = folder.path("serverName").asText();
                assertThat(listed).as("folder %s", folder.get("name").asText()).contains(serverName);
                assertThat(folder.path("highestModSeq").asLong()).as("folder %s", folder.get("name").asText())
                        .isPositive().isEqualTo(client.highestModSeq(serverName));
            }
        }
    }

    private static void awaitRuns(MailEvents events, int runs) {
        await().atMost(Duration.ofSeconds(180)).until(() -> events.completedRuns() >= runs);
        assertThat(events.lastCompletedJson()).contains("\"outcome\":\"success\"");
    }

    /**
     * The mailbox's newest snapshot, read from the bucket alone, lists every folder and message with the
     * server's flags, keywords and INTERNALDATE.
     */
    private static void assertSnapshotIsTheServer(BucketSnapshots snapshots, int count,
                                                  Map<String, List<RawMessage>> onServer) {
        await().atMost(Duration.ofSeconds(60)).until(() -> snapshots.keys().size() >= count);
        assertThat(snapshots.keys()).hasSize(count);
        JsonNode snapshot = snapshots.latest();
        assertThat(snapshot.get("format").asInt()).isEqualTo(1);
        assertThat(snapshot.get("partial").asBoolean()).isFalse();
        Map<String, List<JsonNode>> folders = snapshots.folders(snapshot);
        assertThat(folders.keySet()).containsExactlyInAnyOrderElementsOf(onServer.keySet());
        onServer.forEach((folder, messages) -> {
            Map<Long, String> expected = new java.util.TreeMap<>();
            messages.forEach(m -> expected.put(m.uid(), ArchivedMessages.sha256(m.body()) + " "
                    + String.join(" ", sortedFlags(m.flags())) + " " + m.internalDate()));
            Map<Long, String> stored = new java.util.TreeMap<>();
            folders.get(folder).forEach(m -> {
                List<String> flags = new java.util.ArrayList<>();
                m.get("flags").forEach(f -> flags.add(f.asText()));
                m.get("keywords").forEach(f -> flags.add(f.asText()));
                stored.put(m.get("uid").asLong(), m.get("sha256").asText() + " "
                        + String.join(" ", flags.stream().sorted().toList()) + " "
                        + java.time.Instant.parse(m.get("internalDate").asText()));
                assertThat(m.get("from").asText()).isEqualTo("sender@example.test");
            });
            assertThat(stored).as("folder %s", folder).isEqualTo(expected);
        });
        long memberships = onServer.values().stream().mapToLong(List::size).sum();
        assertThat(snapshot.at("/counts/messages").asLong()).isEqualTo(memberships);
    }

    private static List<String> sortedFlags(String flags) {
        return java.util.Arrays.stream(flags.split(" ")).filter(f -> !f.isBlank() && !f.equals("\\Recent"))
                .sorted().toList();
    }

    /** Sync runs the archiver has finished with: their snapshot committed, or found current. */
    private static double runsHandled() {
        return api.metric("mailcellar_archive_runs_handled_total");
    }

    private static Map<String, String> specialUses(MailEvents events) {
        Map<String, String> uses = new HashMap<>();
        events.records().stream()
                .filter(r -> "io.mailcellar.folder.created".equals(TopicRecords.header(r, "ce_type")))
                .forEach(r -> {
                    String data = new String(r.value(), StandardCharsets.UTF_8);
                    String use = data.replaceAll("(?s).*\"specialUse\":(null|\"([^\"]*)\").*", "$2");
                    uses.put(TopicRecords.header(r, "ce_folder"), use);
                });
        return uses;
    }

    private static Map<String, List<RawMessage>> serverMessages(String user, List<String> folders) throws Exception {
        Map<String, List<RawMessage>> messages = new HashMap<>();
        try (RawImapClient client = new RawImapClient(dovecot.imapPort(), user, PASSWORD)) {
            for (String folder : folders) {
                messages.put(folder, client.fetchAll(folder));
            }
        }
        return messages;
    }

    /** Folder to "uid flags" lines: what a run must leave as it found it. */
    private static Map<String, List<String>> flags(Map<String, List<RawMessage>> messages) {
        Map<String, List<String>> flags = new HashMap<>();
        messages.forEach((folder, list) -> flags.put(folder,
                list.stream().map(m -> m.uid() + " " + m.flags().replace("\\Recent", "").trim()).toList()));
        return flags;
    }

    private static void assertArchivedByteExact(S3Objects s3, String id, Map<String, List<RawMessage>> onServer) {
        onServer.values().forEach(messages -> ArchivedMessages.assertByteExact(s3, id, messages));
    }

    private static String messagesOf(String id) {
        return ArchivedMessages.prefix(id);
    }

    private static double writtenObjects() {
        return api.writtenObjects();
    }

    private static byte[] message(String subject) {
        return raw("From: sender@example.test\r\nTo: alice@example.test\r\nSubject: " + subject
                + "\r\nMessage-ID: <" + Math.abs(subject.hashCode()) + "@example.test>\r\n\r\nText of " + subject + ".\r\n");
    }

    private static byte[] raw(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String head, byte[] tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(raw(head));
        out.writeBytes(tail);
        return out.toByteArray();
    }

    private static byte[] sixtyMegabytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(61 << 20);
        out.writeBytes(raw("Subject: 60 MB\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n"));
        Random random = new Random(60);
        byte[] chunk = new byte[57];
        java.util.Base64.Encoder base64 = java.util.Base64.getEncoder();
        while (out.size() < 60 << 20) {
            random.nextBytes(chunk);
            out.writeBytes(base64.encode(chunk));
            out.writeBytes(new byte[]{13, 10});
        }
        return out.toByteArray();
    }
}
