package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TestFiles;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
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
        Path work = Path.of("/dev/shm/mailcellar-limits");
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        Path serverJars = Path.of("target/local-servers").toAbsolutePath();
        try (KafkaBroker kafka = KafkaBroker.start(serverJars.resolve("kafka"), work.resolve("kafka"), FreePorts.next());
             S3Server s3 = S3Server.start(serverJars.resolve("s3proxy/s3proxy.jar"), work.resolve("s3"),
                     FreePorts.next());
             Dovecot dovecot = Dovecot.start(work.resolve("dovecot"))) {
            long bytes = 0;
            for (String user : List.of("free@limits.test", "paced@limits.test")) {
                bytes = write(work, user, messages, messageKb * 1024);
            }
            dovecot.addUsers(List.of("free@limits.test", "paced@limits.test"), PASSWORD);
            Map<String, String> env = Benchmark.serviceEnv(kafka, s3, "mailcellar.", "limits");
            try (ServiceProcess service = ServiceProcess.startWith(ServiceEnv.jar(),
                    List.of("-Xmx256m", "-XX:+UseSerialGC"), env, work.resolve("service.log"),
                    Duration.ofSeconds(120), FreePorts.next())) {
                ServiceApi api = new ServiceApi(service);
                System.out.printf("%d messages of %d KB in each account: %.1f MB%n", messages, messageKb,
                        bytes / 1e6);
                double free = firstRun(service, api, dovecot, "free@limits.test", "", bytes);
                double paced = firstRun(service, api, dovecot, "paced@limits.test",
                        ", \"limits\": {\"maxBytesPerSecond\": " + limit + "}", bytes);
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
    private static double firstRun(ServiceProcess service, ServiceApi api, Dovecot dovecot, String user,
                                   String limits, long bytes) throws InterruptedException {
        String id = service.request().contentType(ContentType.JSON).body("""
                {"protocol": "imap", "host": "127.0.0.1", "port": %d, "security": "none", "username": "%s",
                 "auth": {"type": "password", "password": "%s"}%s}"""
                .formatted(dovecot.imapPort(), user, PASSWORD, limits))
                .post("/api/v1/mailboxes").then().statusCode(201).extract().jsonPath().getString("id");
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
    private static long write(Path work, String user, int messages, int size) throws Exception {
        Path home = work.resolve("dovecot/home").resolve(user);
        Path cur = home.resolve("Maildir/cur");
        Files.createDirectories(cur);
        Files.createDirectories(home.resolve("Maildir/new"));
        Files.createDirectories(home.resolve("Maildir/tmp"));
        long total = 0;
        for (int m = 0; m < messages; m++) {
            StringBuilder text = new StringBuilder("From: sender@example.test\r\nTo: " + user + "\r\nSubject: message "
                    + m + "\r\nMessage-ID: <" + m + "@limits.test>\r\n\r\n");
            for (int line = 0; text.length() < size; line++) {
                text.append("line ").append(line).append(" of message ").append(m).append(", to pace the backup\r\n");
            }
            byte[] bytes = text.toString().getBytes(StandardCharsets.US_ASCII);
            Files.write(cur.resolve(m + ".limits:2,S"), bytes);
            total += bytes.length;
        }
        UserPrincipal owner = work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (var paths = Files.walk(home)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, owner);
            }
        }
        return total;
    }
}
