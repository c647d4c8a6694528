package io.mailcellar.sync;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailcellar.archive.Sha256;
import io.mailcellar.event.CloudEventCodec;
import io.mailcellar.event.CloudEventRecord;
import io.mailcellar.event.MalformedEventException;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.BucketSnapshots;
import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TamperingProxy;
import io.mailcellar.testsupport.TopicRecords;
import jakarta.activation.DataHandler;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The walking skeleton end to end, on real servers: a mailbox registered over
 * REST is polled over IMAP (GreenMail), its messages travel as CloudEvents
 * through a real Kafka broker, and the archiver writes them byte-exact to a
 * real S3 server. A large message, which the poller writes to the archive
 * itself, arrives damaged at every try of the first poll (S3 refuses it): that
 * poll fails and the next backs everything up; a later one, damaged once, is
 * written again within its poll. Then a second delivery, and a real restart
 * of the service. Events that can never be archived, sent to the topic by
 * hand, go to the dead-letter topic as they were, with the reason, and the
 * archiver goes on.
 */
class ImapBackupIT {

    private static final String NAME = "backup-it";
    private static final String USER = "alice@example.test";
    private static final String PASSWORD = "backup-it-secret-91c2e";

    private static LocalServers servers;
    private static final String LARGE_MESSAGE_TEXT = "The archive is attached.";
    private static final String SECOND_LARGE_MESSAGE_TEXT = "Another archive is attached.";
    private static GreenMail greenMail;
    private static GreenMailUser alice;
    private static CountingImapProxy proxy;
    /** Between the service and S3, to damage one write. */
    private static TamperingProxy s3Proxy;
    private static Map<String, String> env;
    private static ServiceProcess service;
    private static final List<String> responseBodies = new ArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        servers = LocalServers.get();
        greenMail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        alice = greenMail.setUser(USER, USER, PASSWORD);
        proxy = new CountingImapProxy(greenMail.getImap().getPort());
        s3Proxy = new TamperingProxy(servers.s3().port());
        env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_S3_ENDPOINT", s3Proxy.endpoint());
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        // A failed poll is tried again after this; the default minute would only slow the test down.
        env.put("MAILCELLAR_SYNC_RETRY_DELAY", "2s");
        // The cursors of unregistered mailboxes go within two sweeps; the default minute would slow the test down.
        env.put("MAILCELLAR_SYNC_CURSOR_SWEEP", "1s");
        service = startService("backup-it-1.log");
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (proxy != null) {
            proxy.close();
        }
        if (s3Proxy != null) {
            s3Proxy.close();
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    private static ServiceProcess startService(String log) {
        return ServiceProcess.start(ServiceEnv.jar(), env, servers.runDir().resolve(log), Duration.ofSeconds(90));
    }

    private static ServiceApi api() {
        return new ServiceApi(service);
    }

    @Test
    void backsUpByteExactFetchesOnlyNewMailAndSurvivesARestart() throws Exception {
        double writtenBefore = writtenObjects();
        // Other tests of this class damage writes too, before or after this one.
        int damagedBefore = s3Proxy.damaged();
        deliver(utf8HeadersMessage());
        deliver(largeMessageWithAttachment(LARGE_MESSAGE_TEXT, 42));
        deliver(messageWithoutMessageId());
        // The large message is above the inline limit: the poller writes it to the archive itself, and the
        // event only says where. That write arrives damaged at each of the first poll's five tries and S3
        // refuses it: the poll fails, having saved no cursor, and the next one backs up all three.
        s3Proxy.damageNext(LARGE_MESSAGE_TEXT, 5);

        String id = register();
        requestSync(id);

        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            String messages = "mailboxes/" + id + "/messages/";
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messages).size() == 3);
            List<RawMessage> onServer = serverMessages();
            assertThat(onServer).hasSize(3);
            assertArchivedByteExact(s3, id, onServer);
            assertThat(new String(onServer.get(2).body(), StandardCharsets.UTF_8)).doesNotContainIgnoringCase("Message-ID:");
            assertThat(onServer.get(1).body().length).isGreaterThan(5_000_000);
            assertThat(onServer).allSatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));
            String manifest = "mailboxes/" + id + "/mailbox.json";
            await().atMost(Duration.ofSeconds(30)).alias("the run's snapshot")
                    .until(() -> !new BucketSnapshots(s3, id).keys().isEmpty());
            assertThat(s3.keys("mailboxes/" + id + "/"))
                    .as("the messages, the manifest, tree pages and snapshots, and nothing else")
                    .contains(manifest)
                    .allMatch(key -> BucketSnapshots.isDocumentedObject(id, key));
            assertThat(new String(s3.read(manifest), StandardCharsets.UTF_8))
                    .as("the registration, read from the bucket alone, without its secret")
                    .contains("\"format\":1", "\"id\":\"" + id + "\"", "\"protocol\":\"imap\"",
                            "\"username\":\"" + USER + "\"")
                    .doesNotContain(PASSWORD, "sealed");
            assertThat(writtenObjects() - writtenBefore).isEqualTo(3);
            assertThat(s3Proxy.damaged() - damagedBefore).as("five tries within the first poll").isEqualTo(5);
            try (MailEvents events = events(id)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> events.completedOutcomes().contains("success"));
                List<String> outcomes = events.completedOutcomes();
                assertThat(outcomes.get(0)).isEqualTo("failure");
                assertThat(outcomes.subList(1, outcomes.size())).containsOnly("success");
            }
            List<String> ids = addedIds(id);
            assertThat(ids).as("the message sent before the failed write went again, under its id").hasSize(4);
            assertThat(new HashSet<>(ids)).hasSize(3);
            await().atMost(Duration.ofSeconds(30)).alias("ok once the run's snapshot is written").until(() ->
                    "ok".equals(service.request().get("/api/v1/mailboxes/" + id + "/status").jsonPath()
                            .getString("state")));
            service.request().get("/api/v1/mailboxes/" + id + "/status").then()
                    .statusCode(200)
                    .body("state", org.hamcrest.Matchers.equalTo("ok"))
                    .body("lastRun.outcome", org.hamcrest.Matchers.equalTo("success"))
                    .body("consecutiveFailures", org.hamcrest.Matchers.equalTo(0))
                    .body("folders.find { it.folder == 'INBOX' }.messages", org.hamcrest.Matchers.equalTo(3));

            // Two more: only those two are fetched, published and written. The large one's write arrives
            // damaged once: tried again in place, it costs the poll nothing.
            int fetchesBefore = proxy.contentFetches();
            deliver(largeMessageWithAttachment(SECOND_LARGE_MESSAGE_TEXT, 43));
            deliver(plainMessage("fifth"));
            s3Proxy.damageNext(SECOND_LARGE_MESSAGE_TEXT);
            requestSync(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> s3.keys(messages).size() == 5);
            assertThat(writtenObjects() - writtenBefore).isEqualTo(5);
            assertThat(addedIds(id)).hasSize(6);
            assertThat(s3Proxy.damaged() - damagedBefore).isEqualTo(6);
            try (MailEvents events = events(id)) {
                await().atMost(Duration.ofSeconds(30)).until(() -> events.lastCompletedJson().contains("\"messagesAdded\":2"));
                assertThat(events.completedOutcomes()).as("only the first poll failed").containsOnlyOnce("failure")
                        .endsWith("success");
            }
            assertThat(proxy.contentFetches() - fetchesBefore).isBetween(1, 2);
            List<RawMessage> allOnServer = serverMessages();
            assertArchivedByteExact(s3, id, allOnServer);
            assertThat(allOnServer).allSatisfy(m -> assertThat(m.flags()).doesNotContain("\\Seen"));

            // A real restart: the new process replays registry and cursors from Kafka and fetches nothing again.
            service.close();
            int completedBefore = completedRuns(id);
            int fetchesBeforeRestart = proxy.contentFetches();
            service = startService("backup-it-2.log");
            requestSync(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> completedRuns(id) > completedBefore);
            assertThat(proxy.contentFetches()).isEqualTo(fetchesBeforeRestart);
            assertThat(addedIds(id)).hasSize(6);
            assertThat(s3.keys(messages)).hasSize(5);
            assertThat(writtenObjects()).as("a fresh process counts from zero").isZero();
        }
        assertSecretNowhere();
    }

    /** GreenMail has no CONDSTORE: flag changes and expunges are found by comparing a UID+FLAGS scan. */
    @Test
    void changesWithoutCondstoreAreFoundByAFlagScan() throws Exception {
        String bob = "bob@example.test";
        GreenMailUser user = greenMail.setUser(bob, bob, PASSWORD);
        Session session = Session.getInstance(new Properties());
        for (String subject : List.of("one", "two", "three")) {
            user.deliver(new MimeMessage(session, new ByteArrayInputStream(plainMessage(subject))));
        }
        String id = api().registerImapId("Bob", proxy.port(), bob, PASSWORD);
        MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
        await().atMost(Duration.ofSeconds(60)).until(() -> events.completedRuns() >= 1);
        assertThat(events.summaries()).containsExactlyInAnyOrder("folder.created INBOX",
                "message.added INBOX", "message.added INBOX", "message.added INBOX");

        Store store = session.getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), bob, PASSWORD);
        try {
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            inbox.getMessage(1).setFlag(Flags.Flag.FLAGGED, true);
            inbox.getMessage(2).setFlag(Flags.Flag.DELETED, true);
            inbox.close(true);
            store.getFolder("Work").create(Folder.HOLDS_MESSAGES);
        } finally {
            store.close();
        }
        int seen = events.summaries().size();
        syncAndAwait(id, events);
        assertThat(events.summaries().subList(seen, events.summaries().size())).containsExactlyInAnyOrder(
                "message.flags-changed INBOX uid=1 flags=[\\Flagged]",
                "message.expunged INBOX uid=2",
                "folder.created Work");

        // A renamed folder (GreenMail has neither LIST-STATUS nor MAILBOXID) is one event, not a delete and a create.
        store.connect("127.0.0.1", greenMail.getImap().getPort(), bob, PASSWORD);
        try {
            store.getFolder("Work").appendMessages(new jakarta.mail.Message[]{
                    new MimeMessage(session, new ByteArrayInputStream(plainMessage("work item")))});
        } finally {
            store.close();
        }
        syncAndAwait(id, events);
        seen = events.summaries().size();
        store.connect("127.0.0.1", greenMail.getImap().getPort(), bob, PASSWORD);
        try {
            assertThat(store.getFolder("Work").renameTo(store.getFolder("Done"))).isTrue();
        } finally {
            store.close();
        }
        syncAndAwait(id, events);
        assertThat(events.summaries().subList(seen, events.summaries().size())).containsExactly("folder.renamed Done");
    }

    /**
     * A revoked S3 key: S3Proxy answers 403 InvalidAccessKeyId to every request, as the proxy damages the
     * key's name in each request's signature. For two minutes no snapshot is committed and the status says why;
     * then the key works again, and the waiting events are archived and a snapshot committed: nothing lost.
     */
    @Test
    void aRefusedS3KeyIsArchiveFailingWithTheReasonAndLosesNothing() throws Exception {
        String dave = "dave@example.test";
        GreenMailUser user = greenMail.setUser(dave, dave, PASSWORD);
        Session session = Session.getInstance(new Properties());
        user.deliver(new MimeMessage(session, new ByteArrayInputStream(plainMessage("before the key was revoked"))));
        String id = api().registerImapId("Dave", proxy.port(), dave, PASSWORD);
        try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(30)).alias("ok once the first snapshot is written")
                    .until(() -> "ok".equals(api().status(id).getString("state")));
            BucketSnapshots snapshots = new BucketSnapshots(s3, id);
            assertThat(snapshots.keys()).hasSize(1);

            int damagedBefore = s3Proxy.damaged();
            s3Proxy.damageAll("Credential=" + S3Server.ACCESS_KEY);
            try {
                user.deliver(new MimeMessage(session, new ByteArrayInputStream(plainMessage("while it was revoked"))));
                Instant refusedSince = Instant.now();
                syncAndAwait(id, events);
                await().atMost(Duration.ofSeconds(60)).alias("archive-failing with the reason")
                        .until(() -> "archive-failing".equals(api().status(id).getString("state")));
                assertThat(api().status(id).getString("reason")).startsWith("the archive store refuses this "
                        + "mailbox's writes: the S3 key was refused (403 InvalidAccessKeyId): check "
                        + "mailcellar.s3.access-key");
                assertThat(api().metric("mailcellar_archive_refused_mailboxes")).isGreaterThanOrEqualTo(1.0);
                Thread.sleep(Math.max(0, Duration.between(Instant.now(), refusedSince.plus(Duration.ofMinutes(2)))
                        .toMillis()));
                assertThat(api().status(id).getString("state")).as("still, after two minutes")
                        .isEqualTo("archive-failing");
                assertThat(snapshots.keys()).as("no snapshot while refused").hasSize(1);
                assertThat(s3Proxy.damaged() - damagedBefore).as("the store was asked again and again").isGreaterThan(3);
            } finally {
                s3Proxy.stopDamaging();
            }

            await().atMost(Duration.ofSeconds(150)).alias("ok once the key works again")
                    .until(() -> "ok".equals(api().status(id).getString("state")));
            assertThat(snapshots.keys()).hasSize(2);
            assertThat(snapshots.folders(snapshots.latest()).get("INBOX")).as("both messages, none lost").hasSize(2);
            try (RawImapClient client = new RawImapClient(greenMail.getImap().getPort(), dave, PASSWORD)) {
                List<RawMessage> onServer = client.fetchAll("INBOX");
                assertThat(onServer).hasSize(2);
                assertArchivedByteExact(s3, id, onServer);
            }
        }
    }

    @Test
    void anUnregisteredMailboxLosesItsCursorAndKeepsItsArchive() throws Exception {
        String carol = "carol@example.test";
        GreenMailUser user = greenMail.setUser(carol, carol, PASSWORD);
        user.deliver(new MimeMessage(Session.getInstance(new Properties()),
                new ByteArrayInputStream(plainMessage("for carol"))));
        String leaving = api().registerImapId("Carol, leaving", proxy.port(), carol, PASSWORD);
        String staying = api().registerImapId("Carol, staying", proxy.port(), carol, PASSWORD);
        for (String id : List.of(leaving, staying)) {
            try (MailEvents events = events(id)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            }
        }
        assertThat(liveCursorKeys(leaving)).contains(leaving + "/cursor");
        assertThat(liveCursorKeys(staying)).contains(staying + "/cursor");

        service.request().delete("/api/v1/mailboxes/" + leaving).then().statusCode(204);

        await().atMost(Duration.ofSeconds(30)).until(() -> liveCursorKeys(leaving).isEmpty());
        assertThat(liveCursorKeys(staying)).as("a registered mailbox keeps its cursor").contains(staying + "/cursor");
        service.request().get("/api/v1/mailboxes/" + leaving).then().statusCode(404);
        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            assertThat(s3.keys(ArchivedMessages.prefix(leaving))).as("the archive is kept").hasSize(1);
        }
        // Not polled again while the other tests count fetches.
        service.request().delete("/api/v1/mailboxes/" + staying).then().statusCode(204);
    }

    /** The keys of the mailbox's records in sync-state that are not removed. */
    private static List<String> liveCursorKeys(String mailboxId) {
        Map<String, byte[]> latest = new java.util.HashMap<>();
        for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + ".sync-state")) {
            if (record.key().equals(mailboxId) || record.key().startsWith(mailboxId + "/")) {
                latest.put(record.key(), record.value());
            }
        }
        return latest.entrySet().stream().filter(entry -> entry.getValue() != null).map(Map.Entry::getKey).toList();
    }

    private static void syncAndAwait(String id, MailEvents events) {
        api().syncAndAwait(id, events);
    }

    @Test
    void eventsThatCanNeverBeArchivedGoToTheDeadLetterTopicAndTheArchiverGoesOn() throws Exception {
        String mailbox = "mb-dead-letters";
        byte[] raw = "Subject: kept\r\n\r\nkept\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] other = "Subject: other\r\n\r\nother\r\n".getBytes(StandardCharsets.US_ASCII);
        CloudEventCodec codec = new CloudEventCodec(Clock.systemUTC());
        CloudEventRecord unreadable = new CloudEventRecord(mailbox, Map.of("ce_type", "io.mailcellar.message.added"),
                new byte[] {1, 2, 3});
        CloudEventRecord corrupt = codec.encode(new MessageAdded(mailbox, "INBOX", 1, 1, Sha256.of(raw), other.length,
                List.of(), null, new MessageContent.Inline(other), null));
        CloudEventRecord good = codec.encode(new MessageAdded(mailbox, "INBOX", 1, 2, Sha256.of(raw), raw.length,
                List.of(), null, new MessageContent.Inline(raw), null));
        List<Long> offsets = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (CloudEventRecord event : List.of(unreadable, corrupt, good)) {
                offsets.add(producer.send(event.toProducerRecord(NAME + ".mail-events")).get().offset());
            }
        }

        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> s3.keys("mailboxes/" + mailbox + "/").size() == 1);
            assertThat(s3.read("mailboxes/" + mailbox + "/messages/" + Sha256.of(raw).substring(0, 2) + "/"
                    + Sha256.of(raw) + ".eml")).isEqualTo(raw);
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetters(mailbox).size() == 2);
        List<ConsumerRecord<String, byte[]>> dead = deadLetters(mailbox);
        assertThat(dead).extracting(record -> TopicRecords.header(record, "dead-letter-offset"))
                .containsExactly(String.valueOf(offsets.get(0)), String.valueOf(offsets.get(1)));
        assertThat(dead).allSatisfy(record -> assertThat(TopicRecords.header(record, "dead-letter-topic"))
                .isEqualTo(NAME + ".mail-events"));
        assertThat(TopicRecords.header(dead.get(0), "dead-letter-exception-class-name"))
                .isEqualTo(MalformedEventException.class.getName());
        assertThat(TopicRecords.header(dead.get(1), "dead-letter-reason")).contains("hashes to");
        assertThat(dead.get(1).value()).as("the event as it was").isEqualTo(corrupt.data());
        assertThat(TopicRecords.header(dead.get(1), "ce_id")).isEqualTo(corrupt.header("ce_id"));
    }

    /**
     * An event whose message a poller says it put in the bucket, which is not there (removed behind the service's
     * back): dead-lettered, and its mailbox archive-failing with the reason until the object is back and the dead
     * letters replayed; then the message is in the mailbox's next snapshot, and a second replay sends nothing again.
     */
    @Test
    void aDeadLetterMarksItsMailboxUntilItIsReplayedOnceTheCauseIsFixed() throws Exception {
        String erin = "erin@example.test";
        greenMail.setUser(erin, erin, PASSWORD);
        String id = api().registerImapId("Erin", proxy.port(), erin, PASSWORD);
        try (MailEvents events = events(id); S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(60)).until(() -> events.completedOutcomes().contains("success"));
            await().atMost(Duration.ofSeconds(30)).until(() -> "ok".equals(api().status(id).getString("state")));
            BucketSnapshots snapshots = new BucketSnapshots(s3, id);
            long uidValidity = snapshots.latest().get("folders").get(0).get("uidValidity").asLong();

            byte[] raw = "Subject: placed, then lost\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
            String sha = Sha256.of(raw);
            String key = "mailboxes/" + id + "/messages/" + sha.substring(0, 2) + "/" + sha + ".eml";
            CloudEventRecord claim = new CloudEventCodec(Clock.systemUTC()).encode(new MessageAdded(id, "INBOX",
                    uidValidity, 99, sha, raw.length, List.of(), null, new MessageContent.Archived(key, raw.length, sha),
                    null));
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                    ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                    ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
                producer.send(claim.toProducerRecord(NAME + ".mail-events")).get();
            }

            await().atMost(Duration.ofSeconds(30)).alias("archive-failing for the dead letter")
                    .until(() -> "archive-failing".equals(api().status(id).getString("state")));
            assertThat(api().status(id).getString("reason")).startsWith("1 change of this mailbox could not be "
                    + "archived and wait in the dead-letter topic (the last: folder INBOX uid 99: the message is not "
                    + "at " + key).endsWith("Fix the cause, then replay them: POST /api/v1/admin/dead-letters/replay");
            assertThat(deadLetters(id)).hasSize(1);
            double handled = api().metric("mailcellar_archive_runs_handled_total");
            syncAndAwait(id, events);
            await().atMost(Duration.ofSeconds(30)).alias("the next run handled by the archiver")
                    .until(() -> api().metric("mailcellar_archive_runs_handled_total") > handled);
            assertThat(api().status(id).getString("state")).as("a run does not clear the mark; a replay does")
                    .isEqualTo("archive-failing");

            s3.put(key, raw);
            service.request().post("/api/v1/admin/dead-letters/replay").then().statusCode(200)
                    .body("replayed", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
            await().atMost(Duration.ofSeconds(30)).alias("ok once replayed")
                    .until(() -> "ok".equals(api().status(id).getString("state")));
            assertThat(deadLetters(id)).as("archived this time").hasSize(1);

            syncAndAwait(id, events);
            await().atMost(Duration.ofSeconds(30)).alias("the replayed message in the next snapshot").until(() ->
                    snapshots.folders(snapshots.latest()).get("INBOX").stream()
                            .anyMatch(message -> sha.equals(message.path("sha256").asText())));

            service.request().post("/api/v1/admin/dead-letters/replay").then().statusCode(200);
            String eventId = claim.header("ce_id");
            assertThat(TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + ".mail-events").stream()
                    .filter(record -> eventId.equals(TopicRecords.header(record, "ce_id"))).count())
                    .as("the event, and its one replay").isEqualTo(2);
        }
    }

    private static List<ConsumerRecord<String, byte[]>> deadLetters(String mailbox) {
        return TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + ".mail-events.dlq").stream()
                .filter(record -> mailbox.equals(record.key())).toList();
    }

    private static void assertArchivedByteExact(S3Objects s3, String id, List<RawMessage> onServer) {
        ArchivedMessages.assertByteExact(s3, id, onServer);
    }

    private static String register() {
        var response = api().registerImap("Alice", proxy.port(), USER, PASSWORD);
        responseBodies.add(response.asString());
        response.then().statusCode(201);
        return response.jsonPath().getString("id");
    }

    private static void requestSync(String id) {
        api().requestSync(id);
    }

    private static double writtenObjects() {
        return api().writtenObjects();
    }

    private static MailEvents events(String id) {
        return new MailEvents(servers.kafka().bootstrapServers(), NAME + ".mail-events", id);
    }

    /** The event ids of every message.added of the mailbox, in publishing order. */
    private static List<String> addedIds(String id) {
        try (MailEvents events = events(id)) {
            return events.addedIds();
        }
    }

    private static int completedRuns(String id) {
        return events(id).completedRuns();
    }

    private static List<RawMessage> serverMessages() throws Exception {
        try (RawImapClient client = new RawImapClient(greenMail.getImap().getPort(), USER, PASSWORD)) {
            return client.fetchAll("INBOX");
        }
    }

    private void assertSecretNowhere() throws Exception {
        for (String topic : List.of("mailboxes", "sync-state", "mail-events")) {
            for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + "." + topic)) {
                if (record.value() != null) {
                    assertThat(new String(record.value(), StandardCharsets.UTF_8)).doesNotContain(PASSWORD);
                }
            }
        }
        assertThat(responseBodies).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain(PASSWORD));
        try (Stream<Path> logs = Files.walk(servers.runDir())) {
            for (Path log : logs.filter(p -> p.toString().endsWith(".log")).toList()) {
                assertThat(Files.readString(log, StandardCharsets.ISO_8859_1)).as(log.toString())
                        .doesNotContain(PASSWORD)
                        .doesNotContain(new String(PASSWORD.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static void deliver(byte[] raw) throws Exception {
        alice.deliver(new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(raw)));
    }

    private static byte[] utf8HeadersMessage() {
        return String.join("\r\n",
                "From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.test>",
                "To: Alice <" + USER + ">",
                "Subject: Grüße aus Köln – 8-bit UTF-8 in a header",
                "X-Encoded: =?ISO-8859-1?B?U2Now7ZuZXMgV2V0dGVy?=",
                "Date: Tue, 24 Nov 2026 10:00:00 +0100",
                "Message-ID: <utf8-headers@example.test>",
                "MIME-Version: 1.0",
                "Content-Type: text/plain; charset=UTF-8",
                "Content-Transfer-Encoding: 8bit",
                "",
                "Übermorgen geht's los. 日本語のテキスト.",
                "").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] largeMessageWithAttachment(String body, long seed) throws Exception {
        MimeMessage message = new MimeMessage(Session.getInstance(new Properties()));
        message.setFrom(new InternetAddress("reports@example.test"));
        message.setRecipient(MimeMessage.RecipientType.TO, new InternetAddress(USER));
        message.setSubject("Quarterly archive (5 MB)");
        MimeBodyPart text = new MimeBodyPart();
        text.setText(body, "UTF-8");
        MimeBodyPart attachment = new MimeBodyPart();
        byte[] payload = new byte[3_900_000];
        new Random(seed).nextBytes(payload);
        attachment.setDataHandler(new DataHandler(new ByteArrayDataSource(payload, "application/octet-stream")));
        attachment.setFileName("archive.bin");
        message.setContent(new MimeMultipart(text, attachment));
        message.saveChanges();
        var out = new java.io.ByteArrayOutputStream();
        message.writeTo(out);
        return out.toByteArray();
    }

    private static byte[] messageWithoutMessageId() {
        return String.join("\r\n",
                "From: legacy@example.test",
                "To: " + USER,
                "Subject: no Message-ID here",
                "Date: Mon, 23 Nov 2026 08:00:00 +0000",
                "",
                "Sent by a client that sets no Message-ID.",
                "").getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] plainMessage(String subject) {
        return String.join("\r\n",
                "From: bob@example.test",
                "To: " + USER,
                "Subject: " + subject,
                "Message-ID: <" + subject + "@example.test>",
                "",
                "Body of " + subject + ".",
                "").getBytes(StandardCharsets.US_ASCII);
    }
}
