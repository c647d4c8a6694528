package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.mailcellar.bench.BenchArgs.intArg;
import static io.mailcellar.bench.BenchArgs.stringArg;

/**
 * Many mailboxes on one poller: N Dovecot users of M messages each, polled
 * every {@code --interval}. After the first backup of all of them it measures
 * one whole interval in which nothing changes: whether every mailbox was
 * polled in it, the poller's CPU over it (share of one core) and its peak
 * RSS. Then a second poller joins, and each one's mailboxes and RSS are
 * printed. Run it with {@code bench/scale.sh}; the figures go to stdout.
 */
public final class ScaleBench {

    private static final String PASSWORD = "scale-password";
    private static final String BUCKET = "scale";
    private static final double CPU_TARGET = 0.10;
    private static final double RSS_TARGET_MB = 512;

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        int mailboxes = intArg(args, "--mailboxes", 1000);
        int messages = intArg(args, "--messages", 100);
        Duration interval = Duration.parse(stringArg(args, "--interval", "PT5M"));
        Path jar = ServiceEnv.jar();
        try (BenchServers servers = BenchServers.start("scale")) {
            Dovecot dovecot = servers.dovecot();
            Path work = servers.work();
            KafkaBroker kafka = servers.kafka();
            S3Server s3 = servers.s3();
            List<String> users = accounts(servers, mailboxes, messages);
            Map<String, String> env = env(kafka, s3, interval);
            Map<String, String> archiverEnv = new HashMap<>(env);
            archiverEnv.put("MAILCELLAR_ROLES", "archiver");
            env.put("MAILCELLAR_ROLES", "api,poller");
            try (ServiceProcess archiver = ServiceProcess.startWith(jar, jvm(), archiverEnv,
                    work.resolve("archiver.log"), Duration.ofSeconds(120), FreePorts.next());
                 ServiceProcess poller = ServiceProcess.startWith(jar, jvm(), env, work.resolve("poller-1.log"),
                         Duration.ofSeconds(120), FreePorts.next())) {
                ServiceApi api = new ServiceApi(poller);
                Instant registering = Instant.now();
                // Four clients at once, as several people registering: each registration waits for Kafka.
                java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(4);
                List<java.util.concurrent.Future<String>> registered = new ArrayList<>();
                for (String user : users) {
                    registered.add(clients.submit(() -> api.registerImapId(user, dovecot.imapPort(), user, PASSWORD)));
                }
                List<String> ids = new ArrayList<>();
                for (java.util.concurrent.Future<String> id : registered) {
                    ids.add(id.get());
                }
                clients.shutdown();
                System.out.printf("registered %d mailboxes in %s%n", ids.size(), since(registering));

                Instant firstBackup = Instant.now();
                awaitAll(api, ids, status -> "ok".equals(status.getString("state")), Duration.ofMinutes(60));
                System.out.printf("first backup of %d mailboxes x %d messages: every status ok after %s%n",
                        mailboxes, messages, since(firstBackup));

                // One whole interval with nothing new: each mailbox is polled once in it.
                Instant start = Instant.now();
                double cpuStart = ProcessStats.cpuSeconds(poller.pid());
                Thread.sleep(interval.plusSeconds(15).toMillis());
                double cpu = ProcessStats.cpuSeconds(poller.pid()) - cpuStart;
                Duration measured = since(start);
                int polled = countAll(api, ids, status -> Instant.parse(status.getString("lastRun.started"))
                        .isAfter(start));
                double share = cpu / (measured.toMillis() / 1000.0);
                double rss = ProcessStats.peakRssMb(poller.pid());
                System.out.printf("no-change interval (%s): %d of %d mailboxes polled%n", measured, polled, ids.size());
                System.out.printf("poller CPU over it: %.1f s = %.1f %% of one core (target <= %.0f %%) %s%n", cpu,
                        share * 100, CPU_TARGET * 100, share <= CPU_TARGET ? "met" : "NOT MET");
                System.out.printf("poller peak RSS: %.0f MB (target <= %.0f MB) %s%n", rss, RSS_TARGET_MB,
                        rss <= RSS_TARGET_MB ? "met" : "NOT MET");

                Map<String, String> secondEnv = new HashMap<>(env);
                secondEnv.put("MAILCELLAR_ROLES", "poller");
                try (ServiceProcess second = ServiceProcess.startWith(jar, jvm(), secondEnv,
                        work.resolve("poller-2.log"), Duration.ofSeconds(120), FreePorts.next())) {
                    Thread.sleep(interval.plusSeconds(15).toMillis());
                    for (ServiceProcess each : List.of(poller, second)) {
                        String metrics = each.management().get("/q/metrics").asString();
                        System.out.printf("poller pid %d: mailboxes polled here %s, cursors held %s, peak RSS %.0f MB%n",
                                each.pid(), gauge(metrics, "mailcellar_sync_mailboxes_owned"),
                                gauge(metrics, "mailcellar_sync_cursors_held"), ProcessStats.peakRssMb(each.pid()));
                    }
                }
            }
        }
        System.exit(0);
    }

    /** Folders of each mailbox (Maildir++ names) and their share of its messages. */
    private static final Map<String, Integer> FOLDERS = Map.of("", 60, ".Sent", 25, ".Archive", 15);

    /**
     * Dovecot users, each with a mailbox of small messages (about 1.5 KB) in
     * three folders, written straight into its Maildir: the scale is in the
     * number of mailboxes, not in their bytes.
     */
    private static List<String> accounts(BenchServers servers, int count, int messages) throws Exception {
        List<String> users = new ArrayList<>();
        Instant writing = Instant.now();
        for (int i = 0; i < count; i++) {
            String user = "user" + i + "@scale.test";
            users.add(user);
            Path maildir = servers.home(user).resolve("Maildir");
            int written = 0;
            for (Map.Entry<String, Integer> folder : FOLDERS.entrySet()) {
                Path dir = folder.getKey().isEmpty() ? maildir : maildir.resolve(folder.getKey());
                for (String sub : List.of("cur", "new", "tmp")) {
                    Files.createDirectories(dir.resolve(sub));
                }
                int inFolder = messages * folder.getValue() / 100;
                for (int m = 0; m < inFolder; m++, written++) {
                    Files.writeString(dir.resolve("cur").resolve(written + ".scale:2,S"), "From: someone" + m
                            + "@example.test\r\nTo: " + user + "\r\nSubject: message " + written + " of " + user
                            + "\r\nMessage-ID: <" + written + "." + i + "@scale.test>\r\n\r\n"
                            + ("a line of the message body, as mail has them " + written + "\r\n").repeat(30),
                            java.nio.charset.StandardCharsets.US_ASCII);
                }
            }
            servers.giveToDovecot(user);
        }
        System.out.printf("wrote %d mailboxes of %d messages in %s%n", count, messages, since(writing));
        servers.dovecot().addUsers(users, PASSWORD);
        return users;
    }

    private static Map<String, String> env(KafkaBroker kafka, S3Server s3, Duration interval) {
        Map<String, String> env = Benchmark.serviceEnv(kafka, s3, "mailcellar.", BUCKET);
        env.put("MAILCELLAR_MAIL_DEFAULT_INTERVAL", interval.toString());
        env.put("MAILCELLAR_MAIL_MIN_INTERVAL", interval.toString());
        return env;
    }

    /** As the throughput bench runs the service: a heap far below the 512 MB target, the image's serial collector. */
    private static List<String> jvm() {
        return List.of("-Xmx" + System.getProperty("bench.heap", "256m"), "-XX:MaxMetaspaceSize=128m",
                "-XX:+UseSerialGC");
    }

    private static void awaitAll(ServiceApi api, List<String> ids, java.util.function.Predicate<JsonPath> done,
                                 Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (countAll(api, ids, done) < ids.size()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("not every mailbox got there within " + timeout);
            }
            Thread.sleep(10_000);
        }
    }

    private static int countAll(ServiceApi api, List<String> ids, java.util.function.Predicate<JsonPath> test) {
        int count = 0;
        for (String id : ids) {
            JsonPath status = api.status(id);
            if (status.getString("lastRun.started") != null && test.test(status)) {
                count++;
            }
        }
        return count;
    }

    private static String gauge(String metrics, String name) {
        return metrics.lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .map(line -> line.substring(line.lastIndexOf(' ') + 1)).findFirst().orElse("(none)");
    }

    private static Duration since(Instant start) {
        return Duration.between(start, Instant.now()).withNanos(0);
    }


}
