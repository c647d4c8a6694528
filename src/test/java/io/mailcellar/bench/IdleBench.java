package io.mailcellar.bench;

import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.mailcellar.bench.BenchArgs.intArg;

/**
 * IMAP IDLE push on one poller: N mailboxes (50 by default) watched with
 * IDLE and polled only hourly, then D deliveries (20), one at a time, each to
 * another mailbox. Prints the median and the slowest time from a delivery to
 * its message in the bucket (target: median under 5 s), and the service's
 * peak RSS (target: at most 512 MB). Run it with {@code bench/idle.sh}.
 */
public final class IdleBench {

    private static final String PASSWORD = "idle-password";
    private static final String BUCKET = "idle";

    private IdleBench() {
    }

    public static void main(String[] args) throws Exception {
        int mailboxes = intArg(args, "--mailboxes", 50);
        int deliveries = intArg(args, "--deliveries", 20);
        try (BenchServers servers = BenchServers.start("idle")) {
            Dovecot dovecot = servers.dovecot();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < mailboxes; i++) {
                users.add("idle" + i + "@bench.test");
            }
            dovecot.addUsers(users, PASSWORD);
            Map<String, String> env = Benchmark.serviceEnv(servers.kafka(), servers.s3(), "mailcellar.", BUCKET);
            try (ServiceProcess service = ServiceProcess.startWith(ServiceEnv.jar(),
                    List.of("-Xmx256m", "-XX:MaxMetaspaceSize=128m", "-XX:+UseSerialGC"), env,
                    servers.work().resolve("service.log"), Duration.ofSeconds(120), FreePorts.next());
                 S3Objects bucket = new S3Objects(servers.s3(), BUCKET)) {
                ServiceApi api = new ServiceApi(service);
                List<String> ids = new ArrayList<>();
                for (String user : users) {
                    dovecot.save(user, "INBOX", message("first of " + user));
                    ids.add(api.registerImapWith(dovecot.imapPort(), user, PASSWORD,
                            "\"schedule\": {\"interval\": \"PT1H\"}, \"push\": {\"idle\": true}"));
                }
                awaitUntil(Duration.ofMinutes(10), "every first backup", () -> ids.stream()
                        .allMatch(id -> bucket.keys(ArchivedMessages.prefix(id)).size() == 1));
                awaitUntil(Duration.ofMinutes(5), "every IDLE watcher", () -> watchers(service) >= mailboxes);
                System.out.printf("%d mailboxes backed up and watched with IDLE%n", mailboxes);
                ProcessStats.resetPeak(service.pid());

                List<Double> seconds = new ArrayList<>();
                for (int d = 0; d < deliveries; d++) {
                    int which = d * 7 % mailboxes;
                    String id = ids.get(which);
                    int before = bucket.keys(ArchivedMessages.prefix(id)).size();
                    Instant delivered = Instant.now();
                    dovecot.save(users.get(which), "INBOX", message("delivery " + d));
                    awaitUntil(Duration.ofMinutes(2), "delivery " + d,
                            () -> bucket.keys(ArchivedMessages.prefix(id)).size() > before);
                    seconds.add(Duration.between(delivered, Instant.now()).toMillis() / 1000.0);
                }
                List<Double> sorted = seconds.stream().sorted().toList();
                double median = (sorted.get((sorted.size() - 1) / 2) + sorted.get(sorted.size() / 2)) / 2;
                double rss = ProcessStats.peakRssMb(service.pid());
                System.out.printf("delivery to bucket, %d deliveries: median %.2f s (target < 5 s) %s, slowest %.2f s%n",
                        deliveries, median, median < 5 ? "met" : "NOT MET", sorted.get(sorted.size() - 1));
                System.out.printf("service peak RSS with %d IDLE connections: %.0f MB (target <= 512 MB) %s%n",
                        mailboxes, rss, rss <= 512 ? "met" : "NOT MET");
            }
        }
    }

    private static int watchers(ServiceProcess service) {
        return (int) new ServiceApi(service).metric("mailcellar_idle_watchers");
    }

    private static void awaitUntil(Duration timeout, String what, java.util.function.BooleanSupplier done)
            throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!done.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(what + ": not within " + timeout);
            }
            Thread.sleep(50);
        }
    }

    private static byte[] message(String subject) {
        return ("From: sender@example.test\r\nSubject: " + subject + "\r\nMessage-ID: <" + subject.hashCode() + "."
                + System.nanoTime() + "@bench.test>\r\n\r\n" + subject + "\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
