package io.mailcellar.deploy;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.fabric8.kubernetes.api.model.Container;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.RestAssured;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The chart's split install, run as Kubernetes would run it, without
 * Kubernetes: `helm template` renders it; each Deployment's or StatefulSet's container
 * environment is resolved the way the kubelet does (its ConfigMap, then its own
 * entries, Secret references from the operator's Secrets); and the packaged
 * service is started that many times with exactly that environment (api x1,
 * poller x2, archiver x2), against the local Kafka and S3. Only the HTTP port
 * differs between the processes, as pods have their own network. Then a
 * mailbox is backed up to the end through them, and every probe path answers.
 */
class KubernetesLikeRunIT {

    private static final String NAME = "k8s-like-it";
    private static final String PASSWORD = "k8s-like-it-pw";

    private static LocalServers servers;
    private static GreenMail greenMail;
    private static GreenMailUser user;
    private static RenderedChart chart;
    private static final Map<String, List<ServiceProcess>> pods = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        servers = LocalServers.get();
        greenMail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        user = greenMail.setUser("carol@example.test", "carol@example.test", PASSWORD);

        // A list value goes in a values file: the Helm library sets --set values as strings.
        java.nio.file.Path values = servers.runDir().resolve("kubernetes-like-values.yaml");
        java.nio.file.Files.writeString(values, """
                mail:
                  allowedNetworks: ["127.0.0.1/32", "::1/128"]
                """);
        chart = RenderedChart.render(values, Map.ofEntries(
                Map.entry("split", "true"),
                Map.entry("roles.api.replicaCount", "1"),
                Map.entry("roles.poller.replicaCount", "2"),
                Map.entry("roles.archiver.replicaCount", "2"),
                // The test's broker and S3Proxy speak plaintext on loopback: a lab, as the chart calls it.
                Map.entry("insecureTransport", "true"),
                Map.entry("kafka.securityProtocol", "PLAINTEXT"),
                Map.entry("kafka.bootstrapServers", servers.kafka().bootstrapServers()),
                Map.entry("kafka.topicPrefix", NAME + "."),
                Map.entry("kafka.topics.partitions", "4"),
                Map.entry("kafka.topics.replicationFactor", "1"),
                Map.entry("s3.endpoint", servers.s3().endpoint()),
                Map.entry("s3.bucket", NAME),
                Map.entry("mail.allowInsecure", "true")));
        byte[] sealingKey = new byte[32];
        new SecureRandom().nextBytes(sealingKey);
        // The operator's Secrets, under the names the chart defaults to for release "backup".
        Map<String, Map<String, String>> secrets = Map.of(
                "backup-mailcellar-s3", Map.of("access-key", S3Server.ACCESS_KEY, "secret-key", S3Server.SECRET_KEY),
                "backup-mailcellar-sealing", Map.of("k1", Base64.getEncoder().encodeToString(sealingKey)),
                "backup-mailcellar-api-tokens", Map.of("admin", ServiceEnv.API_TOKEN));

        ExecutorService starter = Executors.newFixedThreadPool(5);
        try {
            Map<String, List<CompletableFuture<ServiceProcess>>> starting = new HashMap<>();
            for (RenderedChart.Workload workload : chart.workloads()) {
                String component = workload.component();
                for (int replica = 1; replica <= workload.replicas(); replica++) {
                    // A StatefulSet's pods are <name>-0, -1, …; a Deployment's get a random suffix.
                    String podName = workload.kind().equals("StatefulSet")
                            ? workload.name() + "-" + (replica - 1) : workload.name() + "-" + replica + "x7k2q";
                    Map<String, String> env = chart.environment(workload, secrets, podName);
                    String log = NAME + "-" + component + "-" + replica + ".log";
                    starting.computeIfAbsent(component, c -> new ArrayList<>()).add(CompletableFuture.supplyAsync(
                            () -> ServiceProcess.start(ServiceEnv.jar(), env, servers.runDir().resolve(log),
                                    Duration.ofSeconds(150)), starter));
                }
            }
            for (var entry : starting.entrySet()) {
                List<ServiceProcess> started = new ArrayList<>();
                for (var future : entry.getValue()) {
                    started.add(future.join());
                }
                pods.put(entry.getKey(), started);
            }
        } finally {
            starter.shutdown();
        }
    }

    @AfterAll
    static void stop() {
        pods.values().forEach(list -> list.forEach(ServiceProcess::close));
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void theRenderedSplitInstallBacksUpAMailboxToTheEnd() {
        assertThat(pods).containsOnlyKeys("api", "poller", "archiver");
        assertThat(pods.get("poller")).hasSize(2);
        assertThat(pods.get("archiver")).hasSize(2);

        for (int i = 1; i <= 4; i++) {
            user.deliver(GreenMailUtil.createTextEmail(user.getEmail(), "sender@example.test", "message " + i,
                    "Body " + i + ".\r\n", greenMail.getImap().getServerSetup()));
        }
        ServiceProcess apiPod = pods.get("api").get(0);
        ServiceApi api = new ServiceApi(apiPod);
        String id = api.registerImapId("Carol", greenMail.getImap().getPort(), "carol@example.test", PASSWORD);
        api.requestSync(id);

        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            await().atMost(Duration.ofSeconds(90))
                    .until(() -> s3.keys("mailboxes/" + id + "/messages/").size() == 4);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        // The archivers may have written the messages before the poller's run has ended and saved its status.
        await().atMost(Duration.ofSeconds(30)).until(() -> "success".equals(apiPod.request()
                .get("/api/v1/mailboxes/" + id + "/status").then().statusCode(200).extract().jsonPath()
                .getString("lastRun.outcome")));
    }

    /**
     * Each role opens only the consumers it needs: at the broker, the pollers'
     * group holds the two poller pods and the archivers' group the two archiver
     * pods; sync-state, read without a group, is replayed by the pollers alone
     * (their logs), and the others say in their readiness that they read none;
     * the api's readiness does not hang on S3, which it does not use.
     */
    @Test
    void eachRoleReadsOnlyTheTopicsItNeeds() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.kafka().bootstrapServers()))) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                Map<String, ConsumerGroupDescription> groups = admin.describeConsumerGroups(
                        List.of(NAME + ".pollers", NAME + ".archivers")).all().get(30, TimeUnit.SECONDS);
                assertThat(groups.get(NAME + ".pollers").members()).hasSize(2)
                        .allSatisfy(member -> assertThat(member.assignment().topicPartitions())
                                .allMatch(partition -> partition.topic().equals(NAME + ".sync-requests")));
                assertThat(groups.get(NAME + ".archivers").members()).hasSize(2)
                        .allSatisfy(member -> assertThat(member.assignment().topicPartitions())
                                .allMatch(partition -> partition.topic().equals(NAME + ".mail-events")));
            });
        }
        // A poller reads the partitions of sync-state the group gave it ("replaying partitions [..] of topic ...").
        String replayedCursors = " of topic " + NAME + ".sync-state";
        for (ServiceProcess poller : pods.get("poller")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(poller.log()).lines()
                    .anyMatch(line -> line.contains("replaying partitions ") && line.endsWith(replayedCursors)));
        }
        for (String role : List.of("api", "archiver")) {
            for (ServiceProcess pod : pods.get(role)) {
                assertThat(Files.readString(pod.log())).as("%s replays no cursors", role)
                        .doesNotContain(replayedCursors);
                pod.management().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'sync-cursors' }.data.read",
                                org.hamcrest.Matchers.startsWith("no"));
            }
        }
        for (ServiceProcess api : pods.get("api")) {
            api.management().get("/q/health/ready").then().statusCode(200)
                    .body("checks.find { it.name == 's3' }.data.used", org.hamcrest.Matchers.startsWith("no"));
        }
        assertThat(Files.readString(pods.get("api").get(0).log())).as("the api reads the registrations")
                .contains("replaying topic " + NAME + ".mailboxes ");
        for (ServiceProcess archiver : pods.get("archiver")) {
            assertThat(Files.readString(archiver.log())).as("an archiver reads neither registrations nor statuses")
                    .doesNotContain("replaying topic " + NAME + ".mailboxes ")
                    .doesNotContain("replaying topic " + NAME + ".mailbox-status ");
        }
    }

    @Test
    void everyProbeOfEveryWorkloadAnswersOnItsPods() {
        for (RenderedChart.Workload workload : chart.workloads()) {
            String component = workload.component();
            Container container = workload.container();
            for (ServiceProcess pod : pods.get(component)) {
                for (var probe : List.of(container.getStartupProbe(), container.getLivenessProbe(),
                        container.getReadinessProbe())) {
                    // The probe's named port is the container's management port, which the pod serves here.
                    org.assertj.core.api.Assertions.assertThat(probe.getHttpGet().getPort().getStrVal())
                            .isEqualTo("management");
                    RestAssured.given().baseUri(pod.managementUrl()).get(probe.getHttpGet().getPath()).then()
                            .statusCode(200);
                }
            }
        }
    }
}
