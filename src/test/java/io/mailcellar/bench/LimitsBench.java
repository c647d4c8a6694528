package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.path.json.JsonPath;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.mailcellar.bench.BenchArgs.intArg;

/**
 * {@code limits.maxBytesPerSecond} on a first backup: two Dovecot accounts
 * with the same messages (50 MB by default), one backed up without a limit
 * and one with it, in the same run. Prints each first run's rate over the
 * message bytes and how near the limited one came to its limit (target:
 * within 10 %). Run it with {@code bench/limits.sh}.
 */
public final class LimitsBench {

    private static final String PASSWORD = "limits-password";

    private LimitsBench() {
    }

    public static void main(String[] args) throws Exception {
        int messages = intArg(args, "--messages", 100);
        int messageKb = intArg(args, "--message-kb", 512);
        long limit = intArg(args, "--bytes-per-second", 2_000_000);
        try (BenchServers servers = BenchServers.start("limits")) {
            Dovecot dovecot = servers.dovecot();
            long bytes = 0;
            for (String user : List.of("free@limits.test", "paced@limits.test")) {
                bytes = write(servers, user, messages, messageKb * 1024);
            }
            dovecot.addUsers(List.of("free@limits.test", "paced@limits.test"), PASSWORD);
            Map<String, String> env = Benchmark.serviceEnv(servers.kafka(), servers.s3(), "mailcellar.", "limits");
            try (ServiceProcess service = ServiceProcess.startWith(ServiceEnv.jar(),
                    List.of("-Xmx256m", "-XX:+UseSerialGC"), env, servers.work().resolve("service.log"),
                    Duration.ofSeconds(120), FreePorts.next())) {
                ServiceApi api = new ServiceApi(service);
                System.out.printf("%d messages of %d KB in each account: %.1f MB%n", messages, messageKb,
                        bytes / 1e6);
                double free = firstRun(api, dovecot, "free@limits.test", "", bytes);
                double paced = firstRun(api, dovecot, "paced@limits.test",
                        "\"limits\": {\"maxBytesPerSecond\": " + limit + "}", bytes);
                double ratio = paced / limit;
                System.out.printf("unlimited: %.2f MB/s; limited to %.2f MB/s: %.2f MB/s, %.3f of the limit "
                                + "(target 0.90 to 1.10): %s%n", free / 1e6, limit / 1e6, paced / 1e6, ratio,
                        ratio >= 0.90 && ratio <= 1.10 ? "met" : "NOT met");
                if (free < limit * 1.5) {
                    System.out.println("the unlimited run was not much faster than the limit: choose a lower "
                            + "--bytes-per-second for a meaningful figure");
                }
            }
        }
    }

    /** Registers the account and waits for its first backup; its rate over the message bytes, in bytes a second. */
    private static double firstRun(ServiceApi api, Dovecot dovecot, String user,
                                   String limits, long bytes) throws InterruptedException {
        String id = limits.isEmpty() ? api.registerImapId(user, dovecot.imapPort(), user, PASSWORD)
                : api.registerImapWith(dovecot.imapPort(), user, PASSWORD, limits);
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        JsonPath status = api.status(id);
        while (!"ok".equals(status.getString("state")) || status.getString("lastRun.ended") == null) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(user + ": no first backup within 30 minutes: " + status.prettify());
            }
            Thread.sleep(500);
            status = api.status(id);
        }
        Duration took = Duration.between(Instant.parse(status.getString("lastRun.started")),
                Instant.parse(status.getString("lastRun.ended")));
        double rate = bytes / (took.toNanos() / 1e9);
        System.out.printf("%s: first backup of %.1f MB in %.1f s: %.2f MB/s%n", user, bytes / 1e6,
                took.toNanos() / 1e9, rate / 1e6);
        return rate;
    }

    /** The account's messages, written straight into its Maildir; their total size in bytes. */
    private static long write(BenchServers servers, String user, int messages, int size) throws Exception {
        Path maildir = servers.home(user).resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(maildir.resolve(sub));
        }
        long total = 0;
        for (int m = 0; m < messages; m++) {
            StringBuilder text = new StringBuilder("From: sender@example.test\r\nTo: " + user + "\r\nSubject: message "
                    + m + "\r\nMessage-ID: <" + m + "@limits.test>\r\n\r\n");
            for (int line = 0; text.length() < size; line++) {
                text.append("line ").append(line).append(" of message ").append(m).append(", to pace the backup\r\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            Files.write(maildir.resolve("cur").resolve(m + ".limits:2,S"), bytes);
            total += bytes.length;
        }
        servers.giveToDovecot(user);
        return total;
    }
}
