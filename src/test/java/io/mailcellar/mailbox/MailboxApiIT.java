package io.mailcellar.mailbox;

import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TestHosts;
import io.mailcellar.testsupport.TopicRecords;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;

/**
 * The registration API of a process that runs the api role only, with the
 * default (strict) security settings, against the real Kafka broker.
 */
class MailboxApiIT {

    private static final String PASSWORD = "api-it-secret-Ω-7f3a9c";
    private static final String NAME = "api-it";
    private static final String READER_TOKEN = "reader-token-0123456789abcdef";
    private static final String OPERATOR_TOKEN = "operator-token-0123456789abcdef";

    private static LocalServers servers;
    private static TestHosts hosts;
    private static ServiceProcess service;
    private static final List<String> responseBodies = new ArrayList<>();

    @BeforeAll
    static void start() {
        servers = LocalServers.get();
        Map<String, String> env = ServiceEnv.of(servers, NAME);
        env.put("MAILCELLAR_ROLES", "api");
        env.put("MAILCELLAR_API_TOKENS_DASHBOARD", READER_TOKEN);
        env.put("MAILCELLAR_API_TOKEN_ROLES_DASHBOARD", "reader");
        env.put("MAILCELLAR_API_TOKENS_OPS", OPERATOR_TOKEN);
        env.put("MAILCELLAR_API_TOKEN_ROLES_OPS", "operator");
        // The guard's defaults: loopback is refused here like any internal address.
        env.remove("MAILCELLAR_MAIL_ALLOWED_NETWORKS");
        // Names resolve through a file the tests rewrite, and no other name resolves: nothing is looked up in DNS.
        hosts = new TestHosts(servers.runDir().resolve("api-it.hosts"));
        service = ServiceProcess.startResolvingThrough(hosts, ServiceEnv.jar(), env,
                servers.runDir().resolve("api-it.log"), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    private static RequestSpecification api() {
        return service.request().basePath("/api/v1").contentType(ContentType.JSON);
    }

    private static Response remember(Response response) {
        responseBodies.add(response.asString());
        return response;
    }

    private static String registration(String host, String protocol, Object port, String security) {
        return """
                {"name": "Alice at work", "protocol": %s, "host": %s, "port": %s, "security": %s,
                 "username": "alice@example.test", "auth": {"type": "password", "password": "%s"},
                 "schedule": {"interval": "PT15M"}, "folders": {"include": ["*"], "exclude": ["Junk"]}}
                """.formatted(json(protocol), json(host), port, json(security), PASSWORD);
    }

    private static String json(String value) {
        return value == null ? "null" : "\"" + value + "\"";
    }

    @Test
    void registersReadsListsAndUnregistersAMailboxWithoutEverReturningTheSecret() {
        Response created = remember(api().body(registration("mail.example.test", "imap", 993, "tls"))
                .post("/mailboxes"));
        created.then().statusCode(201)
                .header("Location", containsString("/api/v1/mailboxes/"))
                .body("id", notNullValue())
                .body("protocol", equalTo("imap"))
                .body("port", equalTo(993))
                .body("security", equalTo("tls"))
                .body("auth.type", equalTo("password"))
                .body("schedule.interval", equalTo("PT15M"))
                .body("folders.exclude", hasItem("Junk"))
                .body("pop3.deleteFromServer", equalTo("never"))
                .body("enabled", equalTo(true));
        assertThat(created.jsonPath().getMap("auth")).doesNotContainKey("password");
        String id = created.jsonPath().getString("id");

        remember(api().get("/mailboxes/" + id)).then().statusCode(200).body("id", equalTo(id));
        remember(api().get("/mailboxes/" + id + "/status")).then().statusCode(200)
                .body("state", equalTo("never-polled"));
        remember(api().get("/mailboxes")).then().statusCode(200).body("items.id", hasItem(id));

        api().delete("/mailboxes/" + id).then().statusCode(204);
        remember(api().get("/mailboxes/" + id)).then().statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404))
                .body("detail", containsString(id));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyMakesNoSecondMailbox() {
        String key = "retry-" + java.util.UUID.randomUUID();
        String body = registration("retry.example.test", "imap", 993, "tls");

        String id = remember(api().header("Idempotency-Key", key).body(body).post("/mailboxes")).then()
                .statusCode(201).extract().jsonPath().getString("id");
        remember(api().header("Idempotency-Key", key).body(body).post("/mailboxes")).then()
                .statusCode(200).body("id", equalTo(id));
        assertThat(api().get("/mailboxes?limit=500").jsonPath().getList("items.host"))
                .as("one mailbox for the key").containsOnlyOnce("retry.example.test");

        remember(api().header("Idempotency-Key", key).body(registration("other.example.test", "imap", 993, "tls"))
                .post("/mailboxes")).then().statusCode(422)
                .contentType("application/problem+json")
                .body("detail", containsString("different registration"));
        remember(api().header("Idempotency-Key", "has spaces").body(body).post("/mailboxes")).then()
                .statusCode(400).body("errors[0].field", equalTo("Idempotency-Key"));
        api().delete("/mailboxes/" + id).then().statusCode(204);
    }

    @Test
    void aMailboxIsChangedInPlaceByAMergePatchValidatedLikeARegistration() {
        String id = remember(api().body(registration("patch.example.test", "imap", null, "tls")).post("/mailboxes"))
                .then().statusCode(201).extract().jsonPath().getString("id");
        String createdAt = api().get("/mailboxes/" + id).jsonPath().getString("createdAt");

        Response changed = remember(patch(id, """
                {"schedule": {"interval": "PT2H"}, "folders": {"exclude": ["Junk", "Spam"]},
                 "retention": {"keepDaily": 30}, "enabled": false}"""));
        changed.then().statusCode(200)
                .body("id", equalTo(id))
                .body("createdAt", equalTo(createdAt))
                .body("schedule.interval", equalTo("PT2H"))
                .body("folders.include", equalTo(List.of("*")))
                .body("folders.exclude", equalTo(List.of("Junk", "Spam")))
                .body("retention.keepDaily", equalTo(30))
                .body("enabled", equalTo(false))
                .body("host", equalTo("patch.example.test"));
        assertThat(changed.jsonPath().getString("updatedAt")).isGreaterThan(createdAt);
        api().get("/mailboxes/" + id).then().statusCode(200).body("schedule.interval", equalTo("PT2H"));

        assertPatchInvalid(id, "{\"host\": \"other.example.test\"}", "auth", "only ever sent to the server");
        assertPatchInvalid(id, "{\"protocol\": \"pop3\"}", "protocol", "register a new mailbox");
        assertPatchInvalid(id, "{\"schedule\": {\"intervall\": \"PT1H\"}}", "schedule.intervall", "unknown field");
        assertPatchInvalid(id, "{\"retention\": {\"keepLast\": 0}}", "retention.keepLast", "greater than or equal to 1");
        assertPatchInvalid(id, "{\"auth\": {\"type\": \"password\"}}", "auth.password", "is required with type password");
        api().get("/mailboxes/" + id).then().body("schedule.interval", equalTo("PT2H"))
                .body("host", equalTo("patch.example.test"));

        String moved = "moved-" + PASSWORD;
        remember(patch(id, """
                {"host": "moved.example.test", "auth": {"type": "password", "password": "%s"}}""".formatted(moved)))
                .then().statusCode(200).body("host", equalTo("moved.example.test"))
                .body(org.hamcrest.Matchers.not(containsString(moved)));
        remember(patch("no-such-mailbox", "{\"enabled\": true}")).then().statusCode(404);
        remember(service.request().basePath("/api/v1").contentType(ContentType.JSON).body("{\"enabled\": true}")
                .patch("/mailboxes/" + id)).then().statusCode(200);
    }

    private static Response patch(String id, String body) {
        return service.request().basePath("/api/v1").contentType("application/merge-patch+json").body(body)
                .patch("/mailboxes/" + id);
    }

    private static RequestSpecification as(String token) {
        return RestAssured.given().baseUri(service.baseUrl()).basePath("/api/v1")
                .header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    @Test
    void eachTokenDoesWhatItsRoleAllowsAndEveryRefusalAndChangeIsAudited() throws Exception {
        String id = api().body(registration("roles.example.test", "imap", 993, "tls")).post("/mailboxes")
                .then().statusCode(201).extract().jsonPath().getString("id");

        as(READER_TOKEN).get("/mailboxes/" + id).then().statusCode(200);
        as(READER_TOKEN).get("/mailboxes/" + id + "/status").then().statusCode(200);
        as(READER_TOKEN).body(registration("more.example.test", "imap", 993, "tls")).post("/mailboxes").then()
                .statusCode(403).contentType("application/problem+json")
                .body("detail", equalTo("this call needs the role admin; the caller is 'dashboard' (reader). Roles "
                        + "are set with mailcellar.api.token-roles.<name>, or by the OIDC provider's roles claim"));
        as(READER_TOKEN).contentType("application/merge-patch+json").body("{\"enabled\": false}")
                .patch("/mailboxes/" + id).then().statusCode(403);
        as(READER_TOKEN).delete("/mailboxes/" + id).then().statusCode(403);
        as(READER_TOKEN).post("/mailboxes/" + id + "/sync").then().statusCode(403)
                .body("detail", containsString("needs the role operator"));

        as(OPERATOR_TOKEN).delete("/mailboxes/" + id).then().statusCode(403);
        as(OPERATOR_TOKEN).post("/mailboxes/" + id + "/prune?dryRun=false").then().statusCode(403)
                .body("detail", containsString("the role admin (a prune removes archived mail"));
        as(OPERATOR_TOKEN).post("/mailboxes/" + id + "/sync").then().statusCode(202);
        as("not-a-token-0123456789abcdef").delete("/mailboxes/" + id).then().statusCode(401);

        api().delete("/mailboxes/" + id).then().statusCode(204);

        String path = "/api/v1/mailboxes/" + id;
        List<String> audit = awaitLogLines("audit: ", 8);
        assertThat(audit).contains(
                "audit: caller=dashboard via=token method=POST path=/api/v1/mailboxes mailbox=- outcome=403",
                "audit: caller=dashboard via=token method=PATCH path=" + path + " mailbox=" + id + " outcome=403",
                "audit: caller=dashboard via=token method=DELETE path=" + path + " mailbox=" + id + " outcome=403",
                "audit: caller=ops via=token method=DELETE path=" + path + " mailbox=" + id + " outcome=403",
                "audit: caller=ops via=token method=POST path=" + path + "/sync mailbox=" + id + " outcome=202",
                "audit: caller=anonymous via=- method=DELETE path=" + path + " mailbox=" + id + " outcome=401",
                "audit: caller=tests via=token method=DELETE path=" + path + " mailbox=" + id + " outcome=204");
        assertThat(audit).as("reads of metadata are not audited")
                .noneMatch(line -> line.contains("method=GET path=" + path + " "));
    }

    /** The log's lines that contain {@code marker}, each from the marker on, once at least {@code count} are there. */
    private static List<String> awaitLogLines(String marker, int count) throws Exception {
        List<String> found = new ArrayList<>();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            found.clear();
            for (String line : Files.readAllLines(service.log(), StandardCharsets.UTF_8)) {
                int at = line.indexOf(marker);
                if (at >= 0) {
                    found.add(line.substring(at));
                }
            }
            return found.size() >= count;
        });
        return found;
    }

    /**
     * The outbound guard's defaults. This process runs the api role only: no poller could connect anywhere, so
     * the refused addresses below are never reached even if the guard failed.
     */
    @Test
    void internalAddressesAreRefusedAndANameThatTurnsInwardIsRefusedWhenEnabled() {
        hosts.map("loopback.example.test", "127.0.0.1").map("rebind.example.test", "203.0.113.7");
        assertInvalid(registration("169.254.169.254", "imap", 993, "tls"), "host", "the cloud metadata service");
        assertInvalid(registration("fd00:ec2::254", "imap", 993, "tls"), "host", "the cloud metadata service");
        assertInvalid(registration("10.0.0.1", "imap", 993, "tls"), "host", "10.0.0.1 is a private address "
                + "(10.0.0.0/8), where the service does not connect by default; an operator can permit it with "
                + "mailcellar.mail.allowed-networks or mailcellar.mail.allowed-hosts");
        assertInvalid(registration("127.0.0.1", "imap", 993, "tls"), "host", "a loopback address");
        assertInvalid(registration("loopback.example.test", "imap", 993, "tls"), "host",
                "'loopback.example.test' resolves to 127.0.0.1, a loopback address");
        assertInvalid(registration("localhost", "pop3", 995, "tls"), "host", "a loopback address");

        String disabled = registration("rebind.example.test", "imap", 993, "tls")
                .replace("\"name\": \"Alice at work\"", "\"name\": \"rebind\", \"enabled\": false");
        Response created = remember(api().body(disabled).post("/mailboxes"));
        created.then().statusCode(201).body("enabled", equalTo(false));
        String id = created.jsonPath().getString("id");

        hosts.map("rebind.example.test", "10.0.0.1");

        assertPatchInvalid(id, "{\"enabled\": true}", "host", "'rebind.example.test' resolves to 10.0.0.1, a private");
        remember(api().get("/mailboxes/" + id)).then().statusCode(200).body("enabled", equalTo(false));
        Response restore = remember(api().body("""
                {"target": {"host": "169.254.169.254", "username": "x", "auth": {"type": "password", "password": "p"}}}
                """).post("/mailboxes/" + id + "/restores"));
        restore.then().statusCode(400).body("errors[0].field", equalTo("target.host"))
                .body("errors[0].message", containsString("the cloud metadata service"));
        api().delete("/mailboxes/" + id).then().statusCode(204);
    }

    private static void assertPatchInvalid(String id, String body, String field, String messagePart) {
        Response response = remember(patch(id, body));
        response.then().statusCode(400).contentType("application/problem+json");
        List<Map<String, String>> errors = response.jsonPath().getList("errors");
        assertThat(errors).as(body).anySatisfy(error -> {
            assertThat(error.get("field")).isEqualTo(field);
            assertThat(error.get("message")).contains(messagePart);
        });
    }

    @Test
    void portDefaultsByProtocolAndSecurity() {
        String body = """
                {"protocol": "imap", "host": "mail.example.test", "security": "starttls",
                 "username": "bob", "auth": {"type": "password", "password": "%s"}}
                """.formatted(PASSWORD);
        remember(api().body(body).post("/mailboxes")).then().statusCode(201)
                .body("port", equalTo(143))
                .body("name", equalTo("bob@mail.example.test"))
                .body("schedule.interval", equalTo("PT15M"));
    }

    @Test
    void missingHostIsRefusedNamingTheField() {
        assertInvalid(registration(null, "imap", 993, "tls"), "host", "must not be blank");
    }

    @Test
    void unknownProtocolIsRefusedListingTheKnownOnes() {
        assertInvalid(registration("mail.example.test", "smtp", 993, "tls"), "protocol", "imap, pop3");
    }

    @Test
    void portOutOfRangeIsRefused() {
        assertInvalid(registration("mail.example.test", "imap", 0, "tls"), "port", "greater than or equal to 1");
        assertInvalid(registration("mail.example.test", "imap", 70000, "tls"), "port", "less than or equal to 65535");
    }

    @Test
    void aRetentionRuleKeepingNothingIsRefused() {
        String body = registration("mail.example.test", "imap", 993, "tls")
                .replace("\"folders\":", "\"retention\": {\"keepLast\": 0}, \"folders\":");
        assertInvalid(body, "retention.keepLast", "greater than or equal to 1");
    }

    @Test
    void folderPatternsAreBounded() {
        String many = java.util.stream.IntStream.range(0, 101).mapToObj(i -> "\"F" + i + "\"")
                .collect(java.util.stream.Collectors.joining(", "));
        assertInvalid(registration("mail.example.test", "imap", 993, "tls")
                .replace("\"include\": [\"*\"]", "\"include\": [" + many + "]"), "folders.include",
                "size must be between 0 and 100");
        assertInvalid(registration("mail.example.test", "imap", 993, "tls")
                .replace("\"exclude\": [\"Junk\"]", "\"exclude\": [\"" + "x".repeat(257) + "\"]"),
                "folders.exclude[0]", "size must be between 0 and 256");
    }

    @Test
    void aDailyLimitTooSmallToFetchAnythingIsRefused() {
        String body = registration("mail.example.test", "imap", 993, "tls")
                .replace("\"folders\":", "\"limits\": {\"maxBytesPerDay\": 5000}, \"folders\":");
        assertInvalid(body, "limits.maxBytesPerDay", "greater than or equal to 1000000");
    }

    @Test
    void plaintextIsRefusedUnlessTheOperatorAllowsIt() {
        assertInvalid(registration("mail.example.test", "imap", 143, "none"), "security", "allow-insecure");
    }

    @Test
    void malformedJsonIsRefusedWithAProblem() {
        remember(api().body("{\"protocol\": \"imap\",").post("/mailboxes")).then().statusCode(400)
                .contentType("application/problem+json")
                .body("title", equalTo("Malformed JSON"));
    }

    @Test
    void unknownIdIsNotFound() {
        remember(api().get("/mailboxes/no-such-mailbox")).then().statusCode(404)
                .contentType("application/problem+json")
                .body("title", equalTo("Not Found"));
        remember(api().post("/mailboxes/no-such-mailbox/sync")).then().statusCode(404);
        remember(api().get("/mailboxes/no-such-mailbox/status")).then().statusCode(404);
        remember(api().delete("/mailboxes/no-such-mailbox")).then().statusCode(404);
    }

    @Test
    void everyApiCallNeedsAKnownBearerToken() {
        RestAssured.given().baseUri(service.baseUrl()).get("/api/v1/mailboxes").then()
                .statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", containsString("Bearer"))
                .body("detail", containsString("Authorization: Bearer"));
        RestAssured.given().baseUri(service.baseUrl()).header("Authorization", "Bearer not-a-known-token-0123456789")
                .contentType(ContentType.JSON).body(registration("mail.example.test", "imap", 993, "tls"))
                .post("/api/v1/mailboxes").then()
                .statusCode(401)
                .body("detail", containsString("not one of mailcellar.api.tokens"));
        service.management().get("/q/health/ready").then().statusCode(200);
        service.management().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory"));
        // Neither health nor metrics is served on the API port, and Swagger UI is off unless enabled.
        RestAssured.given().baseUri(service.baseUrl()).get("/q/health/ready").then().statusCode(404);
        RestAssured.given().baseUri(service.baseUrl()).get("/q/metrics").then().statusCode(404);
        RestAssured.given().baseUri(service.baseUrl()).get("/q/swagger-ui/").then().statusCode(404);
        RestAssured.given().baseUri(service.baseUrl()).get("/q/openapi").then().statusCode(200)
                .body(containsString("bearer"));
        // Without an OIDC provider for the dashboard, its sign-in path starts nothing: back to the sign-in form.
        io.restassured.response.Response oidc = RestAssured.given().baseUri(service.baseUrl()).redirects()
                .follow(false).get("/ui/oidc/sign-in");
        assertThat(oidc.statusCode()).isEqualTo(303);
        assertThat(oidc.header("Location")).endsWith("/ui/sign-in");
    }

    @Test
    void openApiDescribesTheMailboxEndpoints() {
        service.request().get("/q/openapi").then().statusCode(200)
                .body(containsString("/api/v1/mailboxes/{id}"))
                .body(containsString("MailboxRegistration"))
                .body(containsString("- auth-failed"))
                .body(containsString("Idempotency-Key"))
                .body(containsString("MailboxUnreadMessage"))
                .body(containsString("/api/v1/mailboxes/{id}/prune"))
                .body(containsString("MailboxRetention"))
                .body(containsString("PruneReport"))
                .body(containsString("MailboxLastPrune"))
                .body(containsString("purgeArchive"))
                .body(containsString("application/merge-patch+json"))
                .body(containsString("/api/v1/admin/reseal"))
                .body(containsString("ResealReport"))
                .body(containsString("/api/v1/oauth/authorizations"))
                .body(containsString("SignInRequest"))
                .body(containsString("MailboxLimits"))
                .body(containsString("MailboxPush"))
                .body(containsString("/api/v1/mailboxes/test"))
                .body(containsString("ConnectionTestResult"))
                .body(containsString("/api/v1/mailboxes/{id}/snapshots/{sid}/search"))
                .body(containsString("SearchPage"))
                .body(org.hamcrest.Matchers.not(containsString("/ui/")));
    }

    @Test
    void theSecretIsNeitherInKafkaNorInResponsesNorInLogs() throws Exception {
        remember(api().body(registration("secret.example.test", "imap", 993, "tls")).post("/mailboxes"))
                .then().statusCode(201);
        List<String> topicContents = new ArrayList<>();
        for (var record : TopicRecords.readAll(servers.kafka().bootstrapServers(), NAME + ".mailboxes")) {
            if (record.value() != null) {
                topicContents.add(new String(record.value(), StandardCharsets.UTF_8));
            }
        }
        assertThat(topicContents).isNotEmpty()
                .anySatisfy(value -> assertThat(value).contains("secret.example.test").contains("\"sealedSecret\":\"v2.k1."))
                .allSatisfy(value -> assertThat(value).doesNotContain(PASSWORD));
        assertThat(responseBodies).isNotEmpty().allSatisfy(body -> assertThat(body).doesNotContain(PASSWORD));
        assertThat(Files.readString(service.log())).contains("registered").doesNotContain(PASSWORD);
    }

    private static void assertInvalid(String body, String field, String messagePart) {
        Response response = remember(api().body(body).post("/mailboxes"));
        response.then().statusCode(400)
                .contentType("application/problem+json")
                .body("status", equalTo(400))
                .body("detail", containsString(field));
        List<Map<String, String>> errors = response.jsonPath().getList("errors");
        assertThat(errors).anySatisfy(error -> {
            assertThat(error.get("field")).isEqualTo(field);
            assertThat(error.get("message")).contains(messagePart);
        });
    }
}
