package io.mailcellar.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real OAuth2 server on loopback ({@code no.nav.security:mock-oauth2-server},
 * run as a child process with its own class path, see
 * {@code src/test/oauth2-server/pom.xml}): refresh and client-credentials
 * grants, and token introspection for Dovecot's {@code oauth2} passdb. One
 * issuer, {@link #ISSUER}; its tokens live {@code tokenLifetime} seconds. A
 * token of the client {@link #APP_CLIENT} (app-only access) is for {@link #APP_USER}.
 */
public final class OAuth2Server implements AutoCloseable {

    public static final String ISSUER = "mail";
    public static final String APP_CLIENT = "app-client";
    public static final String APP_USER = "app-mailbox@example.test";
    /** The client Dovecot introspects as; the server takes any. */
    public static final String INTROSPECTION_CLIENT = "dovecot:introspection-secret";
    private static final String REDIRECT = "http://127.0.0.1:1/callback";

    private final ChildProcess process;
    private final int port;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    private OAuth2Server(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static OAuth2Server start(Path dir, int tokenLifetimeSeconds) {
        return startWithConfig(dir, """
                {"interactiveLogin": true, "tokenCallbacks": [{"issuerId": "%s", "tokenExpiry": %d,
                  "requestMappings": [{"requestParam": "client_id", "match": "%s",
                                       "claims": {"sub": "%s", "aud": ["imap"]}}]}]}
                """.formatted(ISSUER, tokenLifetimeSeconds, APP_CLIENT, APP_USER));
    }

    /** The server with its own JSON configuration (issuers, and the claims each request gets). */
    public static OAuth2Server startWithConfig(Path dir, String config) {
        try {
            Files.createDirectories(dir);
            int port = FreePorts.next();
            ChildProcess child = ChildProcess.start("oauth2-server",
                    List.of(JavaCommand.java(), "-Xmx128m", "-cp", classpath(dir),
                            "no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt"),
                    Map.of("SERVER_HOSTNAME", "127.0.0.1", "SERVER_PORT", Integer.toString(port),
                            "JSON_CONFIG", config),
                    dir, dir.resolve("oauth2-server.log"));
            child.awaitPort(port, Duration.ofSeconds(60));
            return new OAuth2Server(child, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's class path, resolved by Maven apart from the project's (its OkHttp and Netty are newer). */
    private static synchronized String classpath(Path dir) throws IOException {
        Path project = Path.of(System.getProperty("user.dir"));
        Path file = project.resolve("target/oauth2-server.classpath");
        if (!Files.isRegularFile(file)) {
            ProcessBuilder maven = new ProcessBuilder(project.resolve("mvnw").toString(), "-B", "-q",
                    "-f", project.resolve("src/test/oauth2-server/pom.xml").toString(),
                    "dependency:build-classpath", "-Dmdep.outputFile=" + file)
                    .directory(project.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("oauth2-server-classpath.log").toFile());
            try {
                int exit = maven.start().waitFor();
                if (exit != 0 || !Files.isRegularFile(file)) {
                    throw new IllegalStateException("Maven could not resolve the OAuth2 test server (exit " + exit
                            + "); see " + dir.resolve("oauth2-server-classpath.log"));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while resolving the OAuth2 test server", e);
            }
        }
        return Files.readString(file).trim();
    }

    /** Where a person signs in (the authorization-code flow): a login form, then a redirect with the code. */
    public String authorizationEndpoint() {
        return base() + "/authorize";
    }

    public String tokenEndpoint() {
        return base() + "/token";
    }

    /** Where Dovecot asks whether a token is active, with the client credentials in the URL. */
    public String introspectionUrl() {
        return "http://" + INTROSPECTION_CLIENT + "@127.0.0.1:" + port + "/" + ISSUER + "/introspect";
    }

    /** A refresh token for {@code user}, as signing in through the authorization-code flow gives it. */
    public String refreshToken(String clientId, String user) {
        String authorize = base() + "/authorize?client_id=" + encode(clientId) + "&response_type=code&redirect_uri="
                + encode(REDIRECT) + "&scope=" + encode("openid offline_access") + "&state=s&nonce=n";
        String location = signIn(authorize, user);
        String code = URI.create(location).getQuery().replaceAll(".*code=([^&]*).*", "$1");
        JsonNode tokens = json(post(tokenEndpoint(), "grant_type=authorization_code&client_id=" + encode(clientId)
                + "&client_secret=unused&code=" + encode(code) + "&redirect_uri=" + encode(REDIRECT)));
        return tokens.get("refresh_token").asText();
    }

    /**
     * What a person's browser does at an authorization URL: submits the login form as {@code user}. Returns
     * where the server then sends the browser (the redirect URI, with the code and state).
     */
    public String signIn(String authorizationUrl, String user) {
        HttpResponse<String> login = post(authorizationUrl, "username=" + encode(user));
        return login.headers().firstValue("Location").orElseThrow(() -> new IllegalStateException(
                "no redirect after sign-in: " + login.statusCode() + " " + login.body()));
    }

    /** An issuer's URL, which is also where its OpenID discovery document is found. */
    public String issuerUrl(String issuerId) {
        return "http://127.0.0.1:" + port + "/" + issuerId;
    }

    /** A signed access token (a JWT) of the client-credentials grant, with the claims the configuration maps. */
    public String clientCredentialsToken(String issuerId, String clientId) {
        return json(post(issuerUrl(issuerId) + "/token", "grant_type=client_credentials&client_id=" + encode(clientId)
                + "&client_secret=unused&scope=" + encode("openid"))).get("access_token").asText();
    }

    private String base() {
        return "http://127.0.0.1:" + port + "/" + ISSUER;
    }

    private HttpResponse<String> post(String url, String form) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return new ObjectMapper().readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        process.close();
    }
}
