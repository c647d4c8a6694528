package io.mailcellar.sync.runtime;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailcellar.kafka.Partitions;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Split roles: one process runs the API and the archiver, two run pollers.
 * The pollers share the mailboxes by Kafka partition (each mailbox polled by
 * exactly one of them), a poll requested through the API reaches the owner in
 * the other process, and when one poller stops, the other takes its mailboxes
 * over.
 */
class PollerGroupIT {

    private static final String NAME = "poller-group-it";
    private static final String PASSWORD = "poller-group-it-pw";
    private static final int PARTITIONS = 4;
    private static final int MAX_MAILBOXES = 16;

    private static LocalServers servers;
    private static GreenMail greenMail;
    private static final List<GreenMailUser> users = new ArrayList<>();
    private static ServiceProcess apiAndArchiver;
    private static ServiceProcess poller1;
    private static ServiceProcess poller2;

    @BeforeAll
    static void start() {
        servers = LocalServers.get();
        greenMail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        for (int i = 0; i < MAX_MAILBOXES; i++) {
            String user = "user" + i + "@example.test";
            users.add(greenMail.setUser(user, user, PASSWORD));
        }
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_KAFKA_PARTITIONS", Integer.toString(PARTITIONS));
        // Mailboxes are polled on request here, so what each poller does is what the test asked for.
        env.put("MAILCELLAR_MAIL_DEFAULT_INTERVAL", "PT1H");
        apiAndArchiver = start(env, "api,archiver", "group-api.log");
        poller1 = startStatic(env, "group-poller-1.log", Duration.ofSeconds(90));
        poller2 = start(env, "poller", "group-poller-2.log");
        PollerGroupIT.env = env;
    }

    private static Map<String, String> env;

    private static ServiceProcess start(Map<String, String> env, String roles, String log) {
        Map<String, String> own = new HashMap<>(env);
        own.put("MAILCELLAR_ROLES", roles);
        return ServiceProcess.start(ServiceEnv.jar(), own, servers.runDir().resolve(log), Duration.ofSeconds(90));
    }

    /** The first poller is a static member ("poller-1", as a StatefulSet's pod name would be); the second is not. */
    private static ServiceProcess startStatic(Map<String, String> env, String log, Duration readyWithin) {
        Map<String, String> own = new HashMap<>(env);
        own.put("MAILCELLAR_ROLES", "poller");
        own.put("MAILCELLAR_KAFKA_GROUP_INSTANCE_ID", "poller-1");
        return ServiceProcess.start(ServiceEnv.jar(), own, servers.runDir().resolve(log), readyWithin);
    }

    @AfterAll
    static void stop() {
        for (ServiceProcess process : new ServiceProcess[] {poller1, poller2, apiAndArchiver}) {
            if (process != null) {
                process.close();
            }
        }
        if (greenMail != null) {
            greenMail.stop();
        }
    }

    @Test
    void pollersShareTheMailboxesAndTakeOverFromOneThatStops() throws Exception {
        ServiceApi api = new ServiceApi(apiAndArchiver);
        List<String> ids = new ArrayList<>();
        List<GreenMailUser> registered = new ArrayList<>();
        // Ids are random: register until both halves of the partitions, one per poller (range assignment), have some.
        for (GreenMailUser user : users) {
            deliver(user, "first");
            ids.add(api.registerImapId(user.getLogin(), greenMail.getImap().getPort(), user.getLogin(), PASSWORD));
            registered.add(user);
            if (ids.stream().anyMatch(id -> Partitions.of(id, PARTITIONS) < PARTITIONS / 2)
                    && ids.stream().anyMatch(id -> Partitions.of(id, PARTITIONS) >= PARTITIONS / 2)) {
                break;
            }
        }
        ids.forEach(api::requestSync);

        try (S3Objects s3 = new S3Objects(servers.s3(), NAME)) {
            // A poller logs its run's end after the cursor save, which may be after the archiver wrote the message.
            await().atMost(Duration.ofSeconds(90)).until(() -> ids.stream()
                    .allMatch(id -> s3.keys("mailboxes/" + id + "/messages/").size() == 1)
                    && published(poller1, ids).size() + published(poller2, ids).size() >= ids.size());
            List<String> byPoller1 = published(poller1, ids);
            List<String> byPoller2 = published(poller2, ids);
            assertThat(byPoller1).as("each poller owns part of the mailboxes").isNotEmpty();
            assertThat(byPoller2).isNotEmpty();
            assertThat(byPoller1).as("no mailbox is polled by both").doesNotContainAnyElementsOf(byPoller2);
            assertThat(byPoller1.size() + byPoller2.size()).isEqualTo(ids.size());
            assertThat(cursorsHeld(poller1)).as("a poller holds the cursors of its own mailboxes only")
                    .isEqualTo(byPoller1.size());
            assertThat(cursorsHeld(poller2)).isEqualTo(byPoller2.size());

            // The first poller (a static member) stops, as in a rolling update: it leaves the group, so the second
            // owns everything well within the 45 s a member that stays would keep its partitions for.
            poller1.close();
            for (GreenMailUser user : registered) {
                deliver(user, "second");
            }
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                ids.forEach(api::requestSync);
                return ids.stream().allMatch(id -> s3.keys("mailboxes/" + id + "/messages/").size() == 2)
                        && published(poller2, byPoller1).size() == byPoller1.size();
            });
            assertThat(published(poller2, byPoller1)).as("taken over").containsExactlyElementsOf(byPoller1);
            assertThat(cursorsHeld(poller2)).as("with the cursors of the mailboxes taken over").isEqualTo(ids.size());
            assertThat(publishedLines(poller2)).as("read on being given the partitions: only the new message "
                    + "is fetched, not the mailbox again").allMatch(line -> line.endsWith(": 1 new messages published"));

            // Back, then killed (kill -9) and restarted under the same id: it is handed its partitions at once,
            // where a new member would wait for the dead one's 45 s session to run out.
            poller1 = startStatic(env, "group-poller-1b.log", Duration.ofSeconds(90));
            poller1.kill();
            poller1 = startStatic(env, "group-poller-1c.log", Duration.ofSeconds(30));
            for (GreenMailUser user : registered) {
                deliver(user, "third");
            }
            ServiceProcess restarted = poller1;
            await().atMost(Duration.ofSeconds(25)).pollInterval(Duration.ofSeconds(2)).until(() -> {
                ids.forEach(api::requestSync);
                return ids.stream().allMatch(id -> s3.keys("mailboxes/" + id + "/messages/").size() == 3)
                        && !published(restarted, ids).isEmpty();
            });
            // The other poller lets the partitions given back go once its own side of the rebalance is done.
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(cursorsHeld(poller2) + cursorsHeld(restarted))
                        .as("the partitions given back are let go: each cursor is held once").isEqualTo(ids.size());
                assertThat(cursorsHeld(restarted)).isEqualTo(published(restarted, ids).size());
            });
        }
    }

    private static double cursorsHeld(ServiceProcess poller) {
        return new ServiceApi(poller).metric("mailcellar_sync_cursors_held");
    }

    private static void deliver(GreenMailUser user, String subject) {
        user.deliver(GreenMailUtil.createTextEmail(user.getEmail(), "sender@example.test", subject + " for "
                + user.getLogin(), "Body of " + subject + ".\r\n", greenMail.getImap().getServerSetup()));
    }

    /** The mailboxes for which this process logged published messages. */
    private static List<String> published(ServiceProcess process, List<String> ids) throws IOException {
        List<String> lines = publishedLines(process);
        return ids.stream().filter(id -> lines.stream().anyMatch(line -> line.contains("mailbox " + id + ": ")))
                .toList();
    }

    private static List<String> publishedLines(ServiceProcess process) throws IOException {
        return Files.readAllLines(process.log()).stream()
                .filter(line -> line.contains("new messages published"))
                .toList();
    }
}
