package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Getting the bench mailbox back, in the same run as its backup: an export to
 * Maildir over the API beside the store's own floor (the same objects fetched
 * by a plain parallel GET loop), and a restore into an empty Dovecot account
 * beside mbsync pushing the same messages from a Maildir into another.
 */
final class RestoreBench {

    /** Parallel GETs of the floor: as many as the export reads at once by default. */
    private static final int FLOOR_THREADS = 8;

    private RestoreBench() {
    }

    /** {@code scenario|tool} to measurement. */
    interface Recorder {
        void record(String scenario, String tool, Measurement measurement);
    }

    /**
     * {@code prefix}: the warm-up's scenarios are {@code warmup-*} and {@code settle-*}, so that the measured
     * export and restore, like the measured backup, run in a service whose compilers have seen them.
     */
    static void run(ServiceProcess service, ServiceSample.Servers servers, Dovecot dovecot, S3Server s3,
                    String bucket, String mailboxId, String sourceUser, String password, Path work, String prefix,
                    int run, boolean peers, Recorder recorder) throws Exception {
        List<String> keys;
        try (S3Objects objects = new S3Objects(s3, bucket)) {
            keys = objects.keys("mailboxes/" + mailboxId + "/messages/");
            recorder.record(prefix + "export-floor", "parallel-get", parallelGets(objects, keys));
        }
        recorder.record(prefix + "export-maildir", "mailcellar", export(service, servers, mailboxId, keys.size()));

        String target = "restored-" + prefix + run + "@localhost";
        dovecot.addUser(target, password);
        recorder.record(prefix + "restore", "mailcellar", restore(service, servers, mailboxId, dovecot.imapPort(),
                target, password));
        if (peers) {
            String pushed = "pushed-" + run + "@localhost";
            dovecot.addUser(pushed, password);
            Path dir = work.resolve("mbsync-push-" + run);
            Files.createDirectories(dir);
            Path source = work.resolve("dovecot/home").resolve(sourceUser).resolve("Maildir");
            Process copy = new ProcessBuilder("cp", "-r", source.toString(), dir.resolve("mail").toString())
                    .inheritIO().start();
            if (copy.waitFor() != 0) {
                throw new IOException("copying " + source + " failed");
            }
            Measurement push = TimedCommand.run(Peers.mbsyncPush(dir, dovecot.imapPort(), pushed, password), dir,
                    dir.resolve("log"), 0, 0);
            recorder.record("restore", "mbsync-push", push);
        }
    }

    private static Measurement parallelGets(S3Objects objects, List<String> keys) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(FLOOR_THREADS);
        Instant started = Instant.now();
        long bytes = 0;
        try {
            List<Future<Integer>> reads = new ArrayList<>();
            for (String key : keys) {
                reads.add(pool.submit(() -> objects.read(key).length));
            }
            for (Future<Integer> read : reads) {
                bytes += read.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return new Measurement(ServiceSample.seconds(started, Instant.now()), 0, 0, keys.size(), bytes);
    }

    private static Measurement export(ServiceProcess service, ServiceSample.Servers servers, String mailboxId,
                                      int messages) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create(service.baseUrl() + "/api/v1/mailboxes/" + mailboxId
                        + "/export?format=maildir")).header("Authorization", "Bearer " + ServiceEnv.API_TOKEN)
                .timeout(Duration.ofMinutes(30)).build();
        ServiceSample sample = ServiceSample.start(service, servers);
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        long bytes;
        try (InputStream in = response.body()) {
            bytes = in.transferTo(java.io.OutputStream.nullOutputStream());
        }
        if (response.statusCode() != 200) {
            throw new IOException("the export answered " + response.statusCode());
        }
        return sample.stop(messages, bytes);
    }

    private static Measurement restore(ServiceProcess service, ServiceSample.Servers servers, String mailboxId,
                                       int imapPort, String user, String password) throws Exception {
        String body = "{\"into\": \"\", \"target\": {\"host\": \"127.0.0.1\", \"port\": " + imapPort
                + ", \"security\": \"none\", \"username\": \"" + user + "\", \"auth\": {\"type\": \"password\", "
                + "\"password\": \"" + password + "\"}}}";
        ServiceSample sample = ServiceSample.start(service, servers);
        String path = "/api/v1/restores/" + service.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/mailboxes/" + mailboxId + "/restores").then().statusCode(202).extract().jsonPath()
                .getString("id");
        Instant deadline = Instant.now().plus(Duration.ofMinutes(60));
        while (true) {
            JsonPath state = service.request().get(path).jsonPath();
            if ("succeeded".equals(state.getString("state"))) {
                return sample.stop((int) state.getLong("appended"), 0, Instant.parse(state.getString("endedAt")));
            }
            if ("failed".equals(state.getString("state")) || Instant.now().isAfter(deadline)) {
                throw new IOException("the bench restore did not succeed: " + state.prettify());
            }
            Thread.sleep(100);
        }
    }
}
