package io.mailcellar.sync.check;

import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.BucketSnapshots;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.RawImapClient.RawMessage;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Retention that outruns the archiver: with {@code mail-events} kept one
 * minute and no archiver running, a run's events expire unread. The archiver
 * then starts on what is left and says the mailbox's snapshots may miss
 * messages, and the next check finds the messages the cursor names but the
 * bucket lacks, reads them again from Dovecot and archives them: nothing is
 * lost.
 */
class RetentionLossIT {

    private static final String NAME = "retention-it";
    private static final String USER = "alice-retention@example.test";
    private static final String PASSWORD = "retention-it-pw";

    @Test
    void messagesWhoseEventsExpiredUnarchivedAreFoundAndArchivedByTheNextCheck() throws Exception {
        LocalServers servers = LocalServers.get();
        Dovecot dovecot = servers.dovecot();
        dovecot.addUser(USER, PASSWORD);
        for (String subject : List.of("one", "two", "three")) {
            dovecot.save(USER, "INBOX", message(subject));
        }
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_KAFKA_MAIL_EVENTS_RETENTION", "1m");
        env.put("MAILCELLAR_ARCHIVE_CHECK_INTERVAL", "0s");
        Map<String, String> pollerEnv = new java.util.HashMap<>(env);
        pollerEnv.put("MAILCELLAR_ROLES", "api,poller");
        String topic = NAME + ".mail-events";
        try (ServiceProcess poller = ServiceProcess.start(ServiceEnv.jar(), pollerEnv,
                servers.runDir().resolve("retention-it-poller.log"), Duration.ofSeconds(90));
             Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                     servers.kafka().bootstrapServers()))) {
            ServiceApi api = new ServiceApi(poller);
            // Segments roll every five seconds, so that retention can drop the first run's events.
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.SEGMENT_MS_CONFIG, "5000"), AlterConfigOp.OpType.SET))))
                    .all().get();
            assertThat(admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.RETENTION_MS_CONFIG).value()).as("the configured retention").isEqualTo("60000");

            String id = api.registerImapId("Alice", dovecot.imapPort(), USER, PASSWORD);
            try (MailEvents events = new MailEvents(servers.kafka().bootstrapServers(), topic, id)) {
                await().atMost(Duration.ofSeconds(60)).until(() -> events.completedRuns() >= 1);
                assertThat(events.summaries()).as("published, with no archiver to read them")
                        .containsExactly("folder.created INBOX", "message.added INBOX", "message.added INBOX",
                                "message.added INBOX");
            }
            Thread.sleep(6_000);
            // A second run appends past the segment's age, which closes the segment holding the first run.
            api.requestSync(id);
            await().atMost(Duration.ofSeconds(150)).alias("the first run's events expired unread").until(() -> {
                try (MailEvents fresh = new MailEvents(servers.kafka().bootstrapServers(), topic, id)) {
                    return fresh.completedRuns() >= 1 && fresh.summaries().isEmpty();
                }
            });

            Map<String, String> archiverEnv = new java.util.HashMap<>(env);
            archiverEnv.put("MAILCELLAR_ROLES", "archiver");
            try (ServiceProcess archiver = ServiceProcess.start(ServiceEnv.jar(), archiverEnv,
                    servers.runDir().resolve("retention-it-archiver.log"), Duration.ofSeconds(90));
                 S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
                assertThat(archiver.isAlive()).isTrue();
                assertThat(s3.keys(ArchivedMessages.prefix(id))).as("the archiver never saw them").isEmpty();
                // The second run's events expire a few seconds after the first's: a third run gives the archiver
                // an event of the mailbox to start from, whatever it found left.
                api.requestSync(id);
                String gapReason = "its snapshots may miss messages: some of its changes were deleted by Kafka "
                        + "(mailcellar.kafka.mail-events-retention) before an archiver stored them. A check fetches "
                        + "them again from the mail server: the next scheduled one (mailcellar.archive.check-interval), "
                        + "or one now: POST /api/v1/mailboxes/" + id + "/check";
                // Until the archiver reports the run, the status may first say the run's changes wait unarchived
                // past half the retention; then the gap, which only a check closes.
                await().atMost(Duration.ofSeconds(60)).alias("the gap said")
                        .until(() -> gapReason.equals(api.status(id).getString("reason")));
                assertThat(api.status(id).getString("state")).isEqualTo("archive-failing");

                JsonPath check = api.check(id, false);
                assertThat(check.getInt("missing")).isEqualTo(3);
                assertThat(check.getInt("repaired")).isEqualTo(3);
                assertThat(check.getInt("unrepairable")).isZero();

                List<RawMessage> onServer;
                try (RawImapClient client = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
                    onServer = client.fetchAll("INBOX");
                }
                assertThat(onServer).hasSize(3);
                await().atMost(Duration.ofSeconds(60)).alias("all three archived")
                        .until(() -> s3.keys(ArchivedMessages.prefix(id)).size() == 3);
                ArchivedMessages.assertByteExact(s3, id, onServer);
                BucketSnapshots snapshots = new BucketSnapshots(s3, id);
                await().atMost(Duration.ofSeconds(60)).alias("a snapshot holding all three").until(() -> {
                    List<?> inbox = snapshots.keys().isEmpty() ? null
                            : snapshots.folders(snapshots.latest()).get("INBOX");
                    return inbox != null && inbox.size() == 3;
                });
                await().atMost(Duration.ofSeconds(60)).alias("ok")
                        .until(() -> "ok".equals(api.status(id).getString("state")));
            }
        }
    }

    private static byte[] message(String subject) {
        return ("From: sender@example.test\r\nTo: " + USER + "\r\nSubject: " + subject + "\r\nMessage-ID: <"
                + subject + "-retention@example.test>\r\n\r\nText of " + subject + ".\r\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
