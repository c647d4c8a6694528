package io.mailcellar.app;

import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.OAuth2Server;
import io.mailcellar.testsupport.ServiceEnv;
import io.mailcellar.testsupport.ServiceProcess;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

/**
 * Bearer JWTs from a company's OIDC provider: a real OAuth2/OIDC server run
 * by the test (mock-oauth2-server) signs them, and the packaged service (api
 * role only, at most one mailbox) checks their signature, issuer, audience
 * and expiry, and takes the role from the {@code roles} claim.
 */
class OidcBearerIT {

    private static final String ISSUER = "company";
    private static OAuth2Server provider;
    private static ServiceProcess service;

    @BeforeAll
    static void start() {
        LocalServers servers = LocalServers.get();
        provider = OAuth2Server.startWithConfig(servers.runDir().resolve("oidc-provider"), """
                {"interactiveLogin": false, "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": 300,
                  "requestMappings": [
                    {"requestParam": "client_id", "match": "ops-admin",
                     "claims": {"sub": "ops-admin@company.test", "aud": ["mailcellar"], "roles": ["admin"]}},
                    {"requestParam": "client_id", "match": "other-app",
                     "claims": {"sub": "ops-admin@company.test", "aud": ["other-app"], "roles": ["admin"]}},
                    {"requestParam": "client_id", "match": "expired",
                     "claims": {"sub": "old@company.test", "aud": ["mailcellar"], "roles": ["admin"],
                                "exp": 1600000000}},
                    {"requestParam": "client_id", "match": "staff",
                     "claims": {"sub": "staff@company.test", "aud": ["mailcellar"], "roles": ["offline_access"]}}
                  ]}]}
                """.formatted(ISSUER));
        Map<String, String> env = ServiceEnv.of(servers, "oidc-it");
        env.put("MAILCELLAR_ROLES", "api");
        env.put("MAILCELLAR_API_OIDC_ENABLED", "true");
        env.put("MAILCELLAR_API_OIDC_AUDIENCE", "mailcellar");
        env.put("QUARKUS_OIDC_AUTH_SERVER_URL", provider.issuerUrl(ISSUER));
        env.put("MAILCELLAR_API_MAX_MAILBOXES", "1");
        service = ServiceProcess.start(ServiceEnv.jar(), env, servers.runDir().resolve("oidc-it.log"),
                Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    private static RequestSpecification as(String jwt) {
        return RestAssured.given().baseUri(service.baseUrl()).basePath("/api/v1")
                .header("Authorization", "Bearer " + jwt).contentType(ContentType.JSON);
    }

    private static String claims(String jwt) {
        return new String(java.util.Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8);
    }

    private static String registration(String host) {
        return """
                {"protocol": "imap", "host": "%s", "username": "alice", "enabled": false,
                 "auth": {"type": "password", "password": "oidc-it-secret"}}
                """.formatted(host);
    }

    @Test
    void anAdminJwtRegistersAJwtWithoutTheRoleIsForbiddenAndAnExpiredOrForeignOneIsUnauthenticated()
            throws Exception {
        String admin = provider.clientCredentialsToken(ISSUER, "ops-admin");

        String id = as(admin).body(registration("one.example.test")).post("/mailboxes").then().statusCode(201)
                .extract().jsonPath().getString("id");
        as(admin).get("/mailboxes/" + id).then().statusCode(200);

        as(provider.clientCredentialsToken(ISSUER, "staff")).get("/mailboxes").then().statusCode(403)
                .body("detail", containsString("the caller is 'staff@company.test' (no role)"));
        String expired = provider.clientCredentialsToken(ISSUER, "expired");
        assertThat(claims(expired)).as("signed, for mailcellar, with the admin role, but expired")
                .contains("\"exp\":1600000000", "\"aud\":\"mailcellar\"", "\"roles\":[\"admin\"]");
        as(expired).get("/mailboxes").then().statusCode(401)
                .contentType("application/problem+json")
                .body("detail", equalTo("the bearer token is not one of mailcellar.api.tokens, nor a token the OIDC "
                        + "provider signed that is still valid"));
        as(provider.clientCredentialsToken(ISSUER, "other-app")).get("/mailboxes").then().statusCode(401);
        as(admin.substring(0, admin.length() - 4) + "AAAA").get("/mailboxes").then().statusCode(401);
        as(ServiceEnv.API_TOKEN).get("/mailboxes").then().statusCode(200);

        as(admin).body(registration("two.example.test")).post("/mailboxes").then().statusCode(409)
                .body("detail", containsString("(mailcellar.api.max-mailboxes=1)"));

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                Files.readString(service.log(), StandardCharsets.UTF_8)).contains(
                "audit: caller=ops-admin@company.test via=oidc method=POST path=/api/v1/mailboxes mailbox=- outcome=201",
                "audit: caller=ops-admin@company.test via=oidc method=POST path=/api/v1/mailboxes mailbox=- "
                        + "outcome=409"));
    }
}
