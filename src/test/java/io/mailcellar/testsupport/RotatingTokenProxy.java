package io.mailcellar.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token endpoint in front of a real one that rotates refresh tokens, as
 * Microsoft's does: every answer carries a new refresh token, and one that
 * was replaced is refused with {@code invalid_grant} from then on.
 */
public final class RotatingTokenProxy implements AutoCloseable {

    private final HttpServer server;
    private final String target;
    private final HttpClient http = HttpClient.newHttpClient();
    /** The refresh tokens handed out, each standing for the real one. */
    private final Map<String, String> aliases = new ConcurrentHashMap<>();
    private final Map<String, Boolean> replaced = new ConcurrentHashMap<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger rotations = new AtomicInteger();

    public RotatingTokenProxy(String target) {
        this.target = target;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/token", this::handle);
        server.start();
    }

    public String tokenEndpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/token";
    }

    /** The refresh tokens asked with, in order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form = Forms.parse(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8));
            String asked = form.get("refresh_token");
            if (asked != null) {
                received.add(asked);
                if (replaced.containsKey(asked)) {
                    Forms.sendJson(exchange, 400, "{\"error\": \"invalid_grant\", \"error_description\": \"the refresh token "
                            + "was replaced by a newer one\"}");
                    return;
                }
                form.put("refresh_token", aliases.getOrDefault(asked, asked));
            }
            HttpResponse<String> answer = Forms.post(http, target, form);
            String body = answer.body();
            if (asked != null && answer.statusCode() == 200) {
                ObjectNode json = (ObjectNode) new ObjectMapper().readTree(body);
                String rotated = "rotated-" + rotations.incrementAndGet() + "-" + asked.hashCode();
                aliases.put(rotated, form.get("refresh_token"));
                replaced.put(asked, true);
                json.put("refresh_token", rotated);
                body = json.toString();
            }
            Forms.sendJson(exchange, answer.statusCode(), body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
