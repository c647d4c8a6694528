package io.mailcellar.bench;

import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.mailcellar.bench.BenchArgs.intArg;

/**
 * The dashboard's pages at many mailboxes: one real mailbox (a Dovecot user
 * with {@code --messages} in its INBOX, backed up {@code --snapshots} times)
 * among {@code --mailboxes} in all; the others are registered against a
 * closed port (so they fail, as some always do) or disabled. Each page is
 * asked {@code --requests} times in a row after a warm-up, signed in as a
 * browser is, and the latency of each answer (loopback, so the server's) is
 * printed as p50, p95 and max. Run it with {@code bench/dashboard.sh}.
 */
public final class DashboardBench {

    private static final String USER = "pages@bench.test";
    private static final String PASSWORD = "dashboard-bench";
    private static final double P95_TARGET_MS = 200;

    private DashboardBench() {
    }

    public static void main(String[] args) throws Exception {
        int mailboxes = intArg(args, "--mailboxes", 1000);
        int messages = intArg(args, "--messages", 2000);
        int snapshots = intArg(args, "--snapshots", 30);
        int requests = intArg(args, "--requests", 300);
        try (BenchServers servers = BenchServers.start("dashboard")) {
            writeInbox(servers, messages);
            servers.dovecot().addUser(USER, PASSWORD);
            Map<String, String> env = Benchmark.serviceEnv(servers.kafka(), servers.s3(), "mailcellar.", "dashboard");
            List<String> jvm = List.of("-Xmx" + System.getProperty("bench.heap", "512m"), "-XX:+UseSerialGC");
            try (ServiceProcess service = ServiceProcess.startWith(ServiceEnv.jar(), jvm, env,
                    servers.work().resolve("service.log"), Duration.ofSeconds(120), FreePorts.next())) {
                ServiceApi api = new ServiceApi(service);
                String id = api.registerImapId("Pages", servers.dovecot().imapPort(), USER, PASSWORD);
                Instant started = Instant.now();
                String snapshot = api.awaitSnapshotAfter(id, null);
                System.out.printf("backed up %d messages in %s%n", messages, Duration.between(started, Instant.now()));
                for (int s = 1; s < snapshots; s++) {
                    servers.dovecot().save(USER, "INBOX", ("Subject: later " + s + "\r\n\r\nmore\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    api.forceSync(id);
                    snapshot = api.awaitSnapshotAfter(id, snapshot);
                }
                System.out.printf("%d snapshots%n", snapshots);
                registerOthers(api, mailboxes - 1);
                // The others' first polls fail at once (a closed port); let their statuses arrive.
                Thread.sleep(15_000);

                HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
                String cookie = signIn(http, service.baseUrl());
                Map<String, String> pages = new LinkedHashMap<>();
                pages.put("overview (first 200 of " + mailboxes + ")", "/ui/mailboxes");
                pages.put("overview, filtered", "/ui/mailboxes?q=other-77");
                pages.put("overview, last page by size", "/ui/mailboxes?sort=bytes&offset=800");
                pages.put("mailbox page (" + snapshots + " snapshots)", "/ui/mailboxes/" + id);
                pages.put("folder page (INBOX, first 100)", "/ui/mailboxes/" + id
                        + "/folder?snapshot=latest&folder=INBOX");
                pages.put("folder page (INBOX, last 100)", "/ui/mailboxes/" + id
                        + "/folder?snapshot=latest&folder=INBOX&offset=" + Math.max(0, messages - 100));
                pages.put("search (subject, whole snapshot)", "/ui/mailboxes/" + id + "/search?subject="
                        + URLEncoder.encode("message 1999", StandardCharsets.UTF_8));
                System.out.printf("%-40s %9s %9s %9s  %s%n", "page", "p50 ms", "p95 ms", "max ms", "p95 < 200 ms");
                for (Map.Entry<String, String> page : pages.entrySet()) {
                    double[] ms = time(http, service.baseUrl() + page.getValue(), cookie, requests);
                    double p95 = percentile(ms, 0.95);
                    System.out.printf(Locale.ROOT, "%-40s %9.1f %9.1f %9.1f  %s%n", page.getKey(), percentile(ms, 0.5),
                            p95, ms[ms.length - 1], p95 < P95_TARGET_MS ? "met" : "MISSED");
                }
            }
        }
    }

    private static void writeInbox(BenchServers servers, int messages) throws Exception {
        Path inbox = servers.home(USER).resolve("Maildir");
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(inbox.resolve(sub));
        }
        for (int m = 0; m < messages; m++) {
            Files.writeString(inbox.resolve("cur").resolve(m + ".bench:2,S"), "From: Sender " + (m % 50)
                    + " <sender" + (m % 50) + "@example.test>\r\nTo: " + USER + "\r\nSubject: message " + m
                    + "\r\nDate: Thu, 03 Dec 2026 10:00:00 +0000\r\nMessage-ID: <" + m + "@bench.test>\r\n\r\n"
                    + "a line of the message body\r\n".repeat(40), StandardCharsets.US_ASCII);
        }
        servers.giveToDovecot(USER);
    }

    private static void registerOthers(ServiceApi api, int count) throws Exception {
        Instant started = Instant.now();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<String>> registered = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = "other-" + i;
            String more = i % 3 == 0 ? "\"enabled\": false" : "\"schedule\": {\"interval\": \"PT15M\"}";
            // Port 9 (discard) is closed here: a poll fails at once, as an unreachable server does.
            registered.add(clients.submit(() -> api.registerImapWith(9, user, "x", more)));
        }
        for (Future<String> id : registered) {
            id.get();
        }
        clients.shutdown();
        System.out.printf("registered %d more mailboxes in %s%n", count, Duration.between(started, Instant.now()));
    }

    private static String signIn(HttpClient http, String base) throws Exception {
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(URI.create(base + "/ui/sign-in"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + ServiceEnv.API_TOKEN)).build(),
                HttpResponse.BodyHandlers.discarding());
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow(() -> new IllegalStateException(
                "signing in answered " + response.statusCode() + " without a cookie"));
        return cookie.substring(0, cookie.indexOf(';'));
    }

    /** Latencies in ms, sorted, of {@code count} requests after a warm-up of a tenth as many. */
    private static double[] time(HttpClient http, String url, String cookie, int count) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build();
        for (int i = 0; i < Math.max(10, count / 10); i++) {
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), url);
        }
        double[] ms = new double[count];
        for (int i = 0; i < count; i++) {
            long start = System.nanoTime();
            check(http.send(request, HttpResponse.BodyHandlers.ofByteArray()), url);
            ms[i] = (System.nanoTime() - start) / 1e6;
        }
        Arrays.sort(ms);
        return ms;
    }

    private static void check(HttpResponse<byte[]> response, String url) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + response.statusCode() + ": "
                    + new String(response.body(), StandardCharsets.UTF_8));
        }
    }

    private static double percentile(double[] sorted, double p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }
}
