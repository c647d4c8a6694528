package io.mailcellar.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The device-code flow (RFC 8628), which mock-oauth2-server does not offer,
 * in front of that real server: {@code /device} hands out a user code, and
 * {@code /token} answers {@code authorization_pending} to the device code
 * until the test {@link #approve approves} it as a person would. The tokens
 * then given are the real server's, from a real sign-in of that person, and
 * every other grant goes to the real token endpoint.
 */
public final class DeviceFlowProxy implements AutoCloseable {

    public static final String USER_CODE = "WDJB-MJHT";

    private final HttpServer server;
    private final OAuth2Server oauth;
    private final HttpClient http = HttpClient.newHttpClient();
    private final AtomicReference<String> approvedUser = new AtomicReference<>();
    private volatile boolean denied;
    private final AtomicInteger devicePolls = new AtomicInteger();
    private final AtomicInteger codes = new AtomicInteger();
    private final java.util.List<String> issued = new java.util.concurrent.CopyOnWriteArrayList<>();

    public DeviceFlowProxy(OAuth2Server oauth) {
        this.oauth = oauth;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/device", this::device);
        server.createContext("/token", this::token);
        server.start();
    }

    public String deviceEndpoint() {
        return base() + "/device";
    }

    public String tokenEndpoint() {
        return base() + "/token";
    }

    /** The person typed the code and signed in as {@code user}. */
    public void approve(String user) {
        approvedUser.set(user);
    }

    /** The person refused. */
    public void deny() {
        denied = true;
    }

    /** The refresh tokens handed out for approved device codes. */
    public java.util.List<String> issuedRefreshTokens() {
        return java.util.List.copyOf(issued);
    }

    /** Token requests with the device code, so far. */
    public int devicePolls() {
        return devicePolls.get();
    }

    private String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void device(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = Forms.parse(body(exchange));
            if (form.get("client_id") == null) {
                Forms.sendJson(exchange, 400, "{\"error\": \"invalid_request\"}");
                return;
            }
            Forms.sendJson(exchange, 200, """
                    {"device_code": "device-code-%d", "user_code": "%s", "verification_uri": "%s/verify",
                     "expires_in": 600, "interval": 1}""".formatted(codes.incrementAndGet(), USER_CODE, base()));
        }
    }

    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = Forms.parse(body(exchange));
            if (!"urn:ietf:params:oauth:grant-type:device_code".equals(form.get("grant_type"))) {
                forward(exchange, form);
                return;
            }
            devicePolls.incrementAndGet();
            String user = approvedUser.get();
            if (denied) {
                Forms.sendJson(exchange, 400, "{\"error\": \"access_denied\", \"error_description\": "
                        + "\"the person declined\"}");
            } else if (user == null) {
                Forms.sendJson(exchange, 400, "{\"error\": \"authorization_pending\"}");
            } else {
                Map<String, String> refresh = new LinkedHashMap<>();
                refresh.put("grant_type", "refresh_token");
                String token = oauth.refreshToken(form.get("client_id"), user);
                issued.add(token);
                refresh.put("refresh_token", token);
                refresh.put("client_id", form.get("client_id"));
                forward(exchange, refresh);
            }
        }
    }

    private void forward(HttpExchange exchange, Map<String, String> form) throws IOException {
        HttpResponse<String> answer = Forms.post(http, oauth.tokenEndpoint(), form);
        Forms.sendJson(exchange, answer.statusCode(), answer.body());
    }

    private static String body(HttpExchange exchange) throws IOException {
        return new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
