package io.mailcellar.faults;

import io.mailcellar.kafka.CompactedTopicReader;
import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TricklingProxy;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Faults with real processes: a Kafka broker and an S3 store of this test's
 * own, killed with {@code kill -9} and restarted on their data, and the
 * service itself killed mid-backup. Each ends with every message archived
 * byte-exact: nothing lost.
 */
class FaultsIT {

    private static final String NAME = "faults-it";
    private static final String PASSWORD = "faults-it-pw";
    private static final Path SERVERS = Path.of(System.getProperty("mailcellar.local-servers.dir",
            "target/local-servers")).toAbsolutePath();

    private static LocalServers servers;
    private static Dovecot dovecot;
    private static Path kafkaDir;
    private static int kafkaPort;
    private static int controllerPort;
    private static KafkaBroker kafka;
    private static Path s3Dir;
    private static int s3Port;
    private static S3Server s3;

    @BeforeAll
    static void start() {
        servers = LocalServers.get();
        dovecot = servers.dovecot();
        kafkaDir = servers.runDir().resolve("faults-kafka");
        kafkaPort = FreePorts.next();
        controllerPort = FreePorts.next();
        kafka = KafkaBroker.start(SERVERS.resolve("kafka"), kafkaDir, kafkaPort, controllerPort);
        s3Dir = servers.runDir().resolve("faults-s3");
        s3Port = FreePorts.next();
        s3 = S3Server.start(SERVERS.resolve("s3proxy/s3proxy.jar"), s3Dir, s3Port);
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (s3 != null) {
            s3.close();
        }
    }

    /**
     * A reader of a compacted table (the registry, the cursors, the statuses)
     * started while Kafka is away keeps trying, and catches up once Kafka is
     * back: readiness, which waits for it, comes back by itself.
     */
    @Test
    void aTableReaderOutlivesAKafkaOutage() throws Exception {
        String topic = NAME + ".table";
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        write(topic, "before", "1");
        Map<String, String> seen = new ConcurrentHashMap<>();
        kafka.kill();
        CompactedTopicReader reader = new CompactedTopicReader(consumer(), topic,
                (key, value) -> seen.put(key, new String(value, StandardCharsets.UTF_8)));
        try {
            reader.start();
            // Longer than the reader's 10 s wait for the topic's partitions, which used to end it for good.
            Thread.sleep(15_000);
            assertThat(reader.isCaughtUp()).isFalse();

            kafka = KafkaBroker.start(SERVERS.resolve("kafka"), kafkaDir, kafkaPort, controllerPort);
            write(topic, "after", "2");
            await().atMost(Duration.ofSeconds(90)).until(() -> reader.isCaughtUp() && seen.size() == 2);
            assertThat(seen).containsExactlyInAnyOrderEntriesOf(Map.of("before", "1", "after", "2"));
        } finally {
            reader.close();
        }
    }

    /**
     * A 3,000-message backup with the service killed in the middle, then
     * more mail with the broker killed and restarted on its data after 15 s,
     * then more with the store down for 30 s: every message archived, byte-exact.
     */
    @Test
    void aKilledServiceBrokerOrStoreLosesNoMessage() throws Exception {
        String user = "faults@example.test";
        dovecot.addUser(user, PASSWORD);
        Maildir maildir = new Maildir(dovecot, user);
        maildir.write(0, 3000);
        dovecot.doveadm("force-resync", "-u", user, "INBOX");

        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_S3_ENDPOINT", s3.endpoint());
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_SYNC_RETRY_DELAY", "PT3S");
        env.put("MAILCELLAR_SYNC_BATCH_MESSAGES", "100");
        int httpPort = FreePorts.next();
        ServiceProcess service = ServiceProcess.startOnPort(ServiceEnv.jar(), env,
                servers.runDir().resolve("faults-service-1.log"), Duration.ofSeconds(90), httpPort);
        try (S3Objects archive = new S3Objects(s3, NAME)) {
            ServiceApi api = new ServiceApi(service);
            String id = api.registerImapId(user, dovecot.imapPort(), user, PASSWORD);
            String prefix = ArchivedMessages.prefix(id);

            // 1. kill -9 of the service in the middle of the backup, then a restart.
            await().atMost(Duration.ofSeconds(120)).until(() -> archive.keys(prefix).size() >= 300);
            service.kill();
            int archivedAtKill = archive.keys(prefix).size();
            assertThat(archivedAtKill).as("killed in the middle").isLessThan(3000);
            service = ServiceProcess.startOnPort(ServiceEnv.jar(), env,
                    servers.runDir().resolve("faults-service-2.log"), Duration.ofSeconds(90), httpPort);
            api = new ServiceApi(service);
            await().atMost(Duration.ofSeconds(180)).until(() -> archive.keys(prefix).size() == 3000);
            assertArchivedByteExact(archive, id, user, 3000);

            // 2. kill -9 of the broker during a poll, restarted on its data 15 s later.
            maildir.write(3000, 500);
            api.forceSync(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> archive.keys(prefix).size() > 3000);
            kafka.kill();
            Thread.sleep(15_000);
            kafka = KafkaBroker.start(SERVERS.resolve("kafka"), kafkaDir, kafkaPort, controllerPort);
            ServiceApi afterBroker = api;
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                if (archive.keys(prefix).size() == 3500) {
                    return true;
                }
                afterBroker.trySync(id); // Refused while backing off, which is fine: the back-off retries.
                return false;
            });
            assertArchivedByteExact(archive, id, user, 3500);

            // 3. The store down for 30 s during a poll.
            maildir.write(3500, 500);
            s3.kill();
            api.forceSync(id);
            Thread.sleep(30_000);
            s3 = S3Server.start(SERVERS.resolve("s3proxy/s3proxy.jar"), s3Dir, s3Port);
            await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                if (archive.keys(prefix).size() == 4000) {
                    return true;
                }
                afterBroker.trySync(id);
                return false;
            });
            assertArchivedByteExact(archive, id, user, 4000);
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                afterBroker.trySync(id);
                return "ok".equals(afterBroker.status(id).getString("state"));
            });

            // 4. The bucket lost after use (emptied and removed): the mailbox says so, and nothing recreates it
            // empty, where the messages in it would have counted as backed up.
            archive.empty(true);
            maildir.write(4000, 10);
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(3)).until(() -> {
                afterBroker.forceSync(id);
                return "archive-failing".equals(afterBroker.status(id).getString("state"));
            });
            assertThat(afterBroker.status(id).getString("reason")).contains("is gone, though the archivers have "
                    + "written to it before; it is not created again empty");
            Thread.sleep(5_000);
            assertThat(archive.bucketExists()).as("not recreated by the poller or the archiver").isFalse();
        } finally {
            service.close();
        }
    }

    /**
     * A server that answers one byte every two seconds trips no read
     * timeout; the minimum transfer rate cuts it short. One that sends fast
     * enough but never finishes is cut by the run's deadline. Each time the
     * mailbox says so, and another mailbox of the same poller is not held up.
     */
    @Test
    void aServerThatTricklesHoldsNoPollerForever() throws Exception {
        String slowUser = "trickle@example.test";
        String quickUser = "quick@example.test";
        dovecot.addUser(slowUser, PASSWORD);
        dovecot.addUser(quickUser, PASSWORD);
        byte[] message = "Subject: hello\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
        dovecot.save(slowUser, "INBOX", message);
        dovecot.save(quickUser, "INBOX", message);
        Map<String, String> env = ServiceEnv.of(servers, NAME + "-trickle");
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_S3_ENDPOINT", s3.endpoint());
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_SYNC_MAX_RUN_DURATION", "PT20S");
        env.put("MAILCELLAR_SYNC_MIN_TRANSFER_RATE", "1");
        env.put("MAILCELLAR_SYNC_TRANSFER_WINDOW", "PT6S");
        env.put("MAILCELLAR_SYNC_CONCURRENCY", "1");
        try (TricklingProxy proxy = new TricklingProxy(dovecot.imapPort(), 2_000);
             ServiceProcess service = ServiceProcess.start(ServiceEnv.jar(), env,
                     servers.runDir().resolve("faults-trickle.log"), Duration.ofSeconds(90));
             S3Objects archive = new S3Objects(s3, NAME + "-trickle")) {
            ServiceApi api = new ServiceApi(service);
            proxy.trickle(true);
            String slow = api.registerImapId(slowUser, proxy.port(), slowUser, PASSWORD);
            // Half a byte a second, below the minimum of one: cut after the first window, not at the deadline.
            await().atMost(Duration.ofSeconds(60)).until(() -> "backing-off".equals(api.status(slow).getString("state")));
            assertThat(api.status(slow).getString("reason")).startsWith("the server sent ")
                    .contains("less than the minimum of 1 bytes/s (mailcellar.sync.min-transfer-rate)");
            assertThat(Duration.between(Instant.parse(api.status(slow).getString("lastRun.started")),
                    Instant.parse(api.status(slow).getString("lastRun.ended"))))
                    .as("cut by the rate check").isLessThan(Duration.ofSeconds(20));

            // Five bytes a second, above the minimum: the deadline cuts it. Half its deadline into the run, the
            // status says a poll is under way.
            proxy.pause(200);
            api.forceSync(slow);
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                    .until(() -> "running".equals(api.status(slow).getString("state")));
            assertThat(api.status(slow).getString("reason")).startsWith("a poll is under way since ");
            await().atMost(Duration.ofSeconds(60)).until(() -> "backing-off".equals(api.status(slow).getString("state")));
            assertThat(api.status(slow).getString("reason")).contains("took longer than PT20S");

            // One poller slot only: the quick mailbox is polled once the slow run was cut short.
            String quick = api.registerImapId(quickUser, dovecot.imapPort(), quickUser, PASSWORD);
            await().atMost(Duration.ofSeconds(60)).until(() -> "ok".equals(api.status(quick).getString("state")));

            proxy.trickle(false);
            api.forceSync(slow);
            await().atMost(Duration.ofSeconds(60)).until(() -> "ok".equals(api.status(slow).getString("state")));
            await().atMost(Duration.ofSeconds(60)).until(() -> archive.keys(ArchivedMessages.prefix(slow)).size() == 1);
        }
    }

    private static void assertArchivedByteExact(S3Objects archive, String id, String user, int expected)
            throws Exception {
        try (RawImapClient client = new RawImapClient(dovecot.imapPort(), user, PASSWORD)) {
            List<RawImapClient.RawMessage> onServer = client.fetchAll("INBOX");
            assertThat(onServer).hasSize(expected);
            ArchivedMessages.assertByteExact(archive, id, onServer);
        }
    }

    private static void write(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
    }

    /** A user's INBOX as Dovecot keeps it, written directly: thousands of messages in a second. */
    private record Maildir(Path dir, UserPrincipal owner) {

        Maildir(Dovecot dovecot, String user) throws Exception {
            this(dovecot.dir().resolve("home").resolve(user).resolve("Maildir"),
                    dovecot.dir().getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody"));
            Path home = dir.getParent();
            for (Path folder : List.of(home, dir, dir.resolve("cur"), dir.resolve("new"), dir.resolve("tmp"))) {
                Files.createDirectories(folder);
                Files.setOwner(folder, owner);
            }
        }

        /** Delivers messages {@code from} to {@code from + count - 1}, each different, into new/. */
        void write(int from, int count) throws Exception {
            for (int i = from; i < from + count; i++) {
                Path file = dir.resolve("new").resolve("faults-" + i + ".mailcellar");
                Files.writeString(file, "From: sender@example.test\r\nTo: faults@example.test\r\nSubject: message "
                        + i + "\r\nMessage-ID: <faults-" + i + "@example.test>\r\n\r\n" + ("line of message " + i
                        + "\r\n").repeat(40), StandardCharsets.US_ASCII);
                Files.setOwner(file, owner);
            }
        }
    }
}
