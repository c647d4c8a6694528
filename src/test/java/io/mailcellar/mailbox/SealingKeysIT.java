package io.mailcellar.mailbox;

import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TopicRecords;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Sealing keys on the packaged service: a key rotated with a reseal, a start
 * that lacks a key in use (not ready, naming the mailbox), and a registration
 * record edited to send its password to another server (nothing is sent).
 */
class SealingKeysIT {

    /** Each test has its own topics and bucket: a registration sealed under one test's keys needs them. */
    private static final String NAME = "sealing-it";
    private static final String EDITED = "sealing-edit-it";
    private static final String PASSWORD = "sealing-secret-7f3a";
    private static final String USER = "sealed-alice@example.test";
    private static final String TARGET = "sealed-bob@example.test";

    private final LocalServers servers = LocalServers.get();

    @Test
    void aKeyIsRotatedWithAResealAndAStartWithoutAKeyInUseIsNotReady() throws Exception {
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(USER, PASSWORD);
        dovecot.addUser(TARGET, PASSWORD);
        dovecot.save(USER, "INBOX", message("before the rotation"));
        Map<String, String> onlyK1 = env(Map.of("K1", key()), "k1");
        String k2 = key();
        String id;
        String restoreId;
        try (ServiceProcess service = start(onlyK1, "sealing-it-1.log")) {
            ServiceApi api = new ServiceApi(service);
            id = api.registerImapId("Alice", dovecot.imapPort(), USER, PASSWORD);
            api.awaitSnapshotAfter(id, null);
            restoreId = restoreToTarget(service, id, dovecot.imapPort());
        }
        assertThat(latestSealed(id)).startsWith("v2.k1.");

        // Only the new key: the registration needs k1, so the start does not become ready, and says why.
        try (ServiceProcess service = ServiceProcess.startWithoutWaiting(ServiceEnv.jar(), env(Map.of("K2", k2), "k2"),
                servers.runDir().resolve("sealing-it-2.log"))) {
            AtomicReference<String> ready = new AtomicReference<>("");
            await().atMost(Duration.ofSeconds(90)).ignoreExceptions().alias("a readiness answer about the missing key").until(() -> {
                ready.set(readiness(service));
                return ready.get().contains("sealing key 'k1'");
            });
            assertThat(ready.get()).startsWith("503 ").contains(id).contains("mailcellar.sealing.keys")
                    .contains("/api/v1/admin/reseal");
            assertThat(Files.readString(service.log())).contains("sealing key 'k1' is not configured")
                    .contains(id).doesNotContain(PASSWORD);
        }

        // Both keys, k2 active: a reseal seals the registration and the ended restore's target under k2.
        Map<String, String> both = env(Map.of("K1", onlyK1.get("MAILCELLAR_SEALING_KEYS_K1"), "K2", k2), "k2");
        try (ServiceProcess service = start(both, "sealing-it-3.log")) {
            JsonPath first = reseal(service);
            assertThat(first.getString("activeKey")).isEqualTo("k2");
            assertThat(first.getInt("registrations")).isEqualTo(1);
            assertThat(first.getInt("restoreTargets")).isEqualTo(1);
            assertThat(first.getList("failed")).isEmpty();
            assertThat(first.getList("runningRestores")).isEmpty();
            JsonPath again = reseal(service);
            assertThat(again.getInt("registrations") + again.getInt("restoreTargets")).as("a second reseal").isZero();
            assertThat(again.getInt("unchanged")).isEqualTo(2);
        }
        assertThat(latestSealed(id)).startsWith("v2.k2.");
        assertThat(latestRestoreTarget(restoreId)).startsWith("v2.k2.");

        // k1 retired: the service is ready, and the mailbox backs up with its resealed password.
        dovecot.save(USER, "INBOX", message("after the rotation"));
        try (ServiceProcess service = start(env(Map.of("K2", k2), "k2"), "sealing-it-4.log")) {
            ServiceApi api = new ServiceApi(service);
            String before = api.status(id).getString("lastSnapshot.id");
            api.forceSync(id);
            api.awaitSnapshotAfter(id, before);
            assertThat(api.get("/api/v1/mailboxes/" + id + "/snapshots/latest/folders").jsonPath()
                    .getInt("folders.find { it.name == 'INBOX' }.messages")).isEqualTo(2);
        }
    }

    @Test
    void aRecordEditedToPointElsewhereCannotSendItsPassword() throws Exception {
        Dovecot dovecot = servers.dovecot();
        String user = "sealed-carol@example.test";
        dovecot.addUser(user, PASSWORD);
        try (CountingImapProxy elsewhere = new CountingImapProxy(dovecot.imapPort());
             ServiceProcess service = start(env(EDITED, Map.of("K1", key()), "k1"), "sealing-it-5.log")) {
            ServiceApi api = new ServiceApi(service);
            String id = api.registerImapId("Carol", dovecot.imapPort(), user, PASSWORD);
            api.awaitSnapshotAfter(id, null);

            // Someone with write access to the topic points the registration at another port.
            String record = latestRecord(EDITED + ".mailboxes", id);
            String edited = record.replace("\"port\":" + dovecot.imapPort(), "\"port\":" + elsewhere.port());
            assertThat(edited).isNotEqualTo(record);
            write(EDITED + ".mailboxes", id, edited);
            await().atMost(Duration.ofSeconds(30)).until(() ->
                    api.get("/api/v1/mailboxes/" + id).jsonPath().getInt("port") == elsewhere.port());

            api.forceSync(id);
            await().atMost(Duration.ofSeconds(60)).until(() -> "auth-failed".equals(api.status(id).getString("state")));
            assertThat(api.status(id).getString("reason")).contains("stored credentials cannot be used")
                    .contains("does not open").contains("nothing was sent");
            assertThat(elsewhere.commands()).as("commands that reached the other server").isZero();
        }
    }

    private Map<String, String> env(Map<String, String> keys, String active) {
        return env(NAME, keys, active);
    }

    private Map<String, String> env(String name, Map<String, String> keys, String active) {
        Map<String, String> env = new HashMap<>(ServiceEnv.of(servers, name));
        env.remove("MAILCELLAR_SEALING_KEYS_K1");
        keys.forEach((id, key) -> env.put("MAILCELLAR_SEALING_KEYS_" + id, key));
        env.put("MAILCELLAR_SEALING_ACTIVE_KEY", active);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        return env;
    }

    private ServiceProcess start(Map<String, String> env, String log) {
        return ServiceProcess.start(ServiceEnv.jar(), env, servers.runDir().resolve(log), Duration.ofSeconds(90));
    }

    private static String key() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** A restore of the latest snapshot into the target account, to its end; its id. */
    private static String restoreToTarget(ServiceProcess service, String id, int port) {
        String body = """
                {"target": {"host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                            "auth": {"type": "password", "password": "%s"}}, "into": "Restored"}"""
                .formatted(port, TARGET, PASSWORD);
        String restore = service.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/mailboxes/" + id + "/restores").then().statusCode(202).extract().jsonPath()
                .getString("id");
        await().atMost(Duration.ofSeconds(120)).alias("restore ended").until(() ->
                List.of("succeeded", "failed").contains(
                        service.request().get("/api/v1/restores/" + restore).jsonPath().getString("state")));
        JsonPath done = service.request().get("/api/v1/restores/" + restore).jsonPath();
        assertThat(done.getString("state")).as(done.prettify()).isEqualTo("succeeded");
        return restore;
    }

    private static JsonPath reseal(ServiceProcess service) {
        return service.request().post("/api/v1/admin/reseal").then().statusCode(200).extract().jsonPath();
    }

    private static String readiness(ServiceProcess service) throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.managementUrl() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
        return answer.statusCode() + " " + answer.body();
    }

    private String latestSealed(String id) {
        return latestRecord(NAME + ".mailboxes", id).replaceAll(".*\"sealedSecret\":\"([^\"]+)\".*", "$1");
    }

    private String latestRestoreTarget(String restoreId) {
        return latestRecord(NAME + ".restores", restoreId).replaceAll(".*\"sealedSecret\":\"([^\"]+)\".*", "$1");
    }

    private String latestRecord(String topic, String key) {
        String latest = null;
        for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), topic)) {
            if (key.equals(record.key()) && record.value() != null) {
                latest = new String(record.value(), StandardCharsets.UTF_8);
            }
        }
        assertThat(latest).as("a record of " + key + " in " + topic).isNotNull();
        return latest;
    }

    private void write(String topic, String key, String value) throws Exception {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.kafka().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(topic, key, value.getBytes(StandardCharsets.UTF_8)))
                    .get(60, TimeUnit.SECONDS);
        }
    }

    private static byte[] message(String subject) {
        return ("From: a@example.test\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject.hashCode() + "@sealing.test>\r\n\r\nbody of " + subject + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
