package io.mailcellar.testsupport;

import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/** The calls the integration tests make on a running service. */
public final class ServiceApi {

    private final ServiceProcess service;

    public ServiceApi(ServiceProcess service) {
        this.service = service;
    }

    /** Registers a plaintext IMAP account on loopback (the test servers speak no TLS). */
    public Response registerImap(String name, int port, String user, String password) {
        return register(name, "imap", port, user, password);
    }

    public String registerImapId(String name, int port, String user, String password) {
        return registerId(name, "imap", port, user, password);
    }

    /** Registers a plaintext account of either protocol on loopback and returns its id. */
    public String registerId(String name, String protocol, int port, String user, String password) {
        return register(name, protocol, port, user, password).then().statusCode(201).extract().jsonPath()
                .getString("id");
    }

    /**
     * Registers a plaintext IMAP account on loopback with more registration fields ({@code moreFields}, JSON
     * members such as {@code "push": {"idle": true}}) and returns its id.
     */
    public String registerImapWith(int port, String user, String password, String moreFields) {
        return register(user, "imap", port, user, password, ", " + moreFields).then().statusCode(201).extract()
                .jsonPath().getString("id");
    }

    private Response register(String name, String protocol, int port, String user, String password) {
        return register(name, protocol, port, user, password, "");
    }

    private Response register(String name, String protocol, int port, String user, String password,
                              String moreFields) {
        String body = """
                {"name": "%s", "protocol": "%s", "host": "127.0.0.1", "port": %d, "security": "none",
                 "username": "%s", "auth": {"type": "password", "password": "%s"}%s}
                """.formatted(name, protocol, port, user, password, moreFields);
        return service.request().contentType(ContentType.JSON).body(body)
                .post("/api/v1/mailboxes");
    }

    public void requestSync(String id) {
        service.request().post("/api/v1/mailboxes/" + id + "/sync")
                .then().statusCode(202);
    }

    /** Asks for a poll now even while the mailbox backs off after failures. */
    public void forceSync(String id) {
        service.request().post("/api/v1/mailboxes/" + id + "/sync?force=true")
                .then().statusCode(202);
    }

    /** A poll request as sent, for a test to judge the answer. */
    public Response trySync(String id) {
        return service.request().post("/api/v1/mailboxes/" + id + "/sync");
    }

    /** Requests a poll and waits until its {@code sync.completed} event is on the topic. */
    public void syncAndAwait(String id, MailEvents events) {
        int runs = events.completedRuns();
        requestSync(id);
        await().atMost(Duration.ofSeconds(180)).until(() -> events.completedRuns() > runs);
    }

    /**
     * Asks for a check of the mailbox ({@code POST /check}, with {@code readData} when asked) and waits for its
     * result: the status's {@code lastCheck}, once it is one made after the request.
     */
    public io.restassured.path.json.JsonPath check(String id, boolean readData) {
        java.time.Instant asked = java.time.Instant.now();
        service.request().post("/api/v1/mailboxes/" + id + "/check" + (readData ? "?readData=true" : "")).then()
                .statusCode(202);
        await().atMost(Duration.ofSeconds(90)).alias("a check after " + asked).until(() -> {
            String at = status(id).getString("lastCheck.at");
            return at != null && java.time.Instant.parse(at).isAfter(asked);
        });
        return new io.restassured.path.json.JsonPath(status(id).prettify()).setRootPath("lastCheck");
    }

    /**
     * Waits until the mailbox's newest snapshot is another than {@code after} (null: any) and the mailbox is
     * {@code ok}; answers its id.
     */
    public String awaitSnapshotAfter(String id, String after) {
        await().atMost(Duration.ofSeconds(120)).alias("a snapshot after " + after).until(() -> {
            String latest = status(id).getString("lastSnapshot.id");
            return latest != null && !latest.equals(after) && "ok".equals(status(id).getString("state"));
        });
        return status(id).getString("lastSnapshot.id");
    }

    /** The mailbox's status as {@code GET /status} shows it. */
    public io.restassured.path.json.JsonPath status(String id) {
        return service.request().get("/api/v1/mailboxes/" + id + "/status").then().statusCode(200).extract()
                .jsonPath();
    }

    /** A GET of the API with the test token, whatever its answer. */
    public io.restassured.response.Response get(String path) {
        return service.request().get(path);
    }

    /** Messages this process wrote to S3, from its metrics. */
    public double writtenObjects() {
        return metric("mailcellar_archive_objects_written_total");
    }

    /** A metric of this process, summed over its tags. */
    public double metric(String name) {
        return metric(name, "");
    }

    /** A metric of this process, summed over the series whose tags contain {@code tag} (e.g. {@code outcome="ok"}). */
    public double metric(String name, String tag) {
        return service.management().get("/q/metrics").asString().lines()
                .filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .filter(line -> tag.isEmpty() || line.substring(0, line.lastIndexOf(' ')).contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
    }
}
