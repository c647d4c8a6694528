package io.mailcellar.mail.oauth;

import io.mailcellar.outbound.OutboundGuard;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One form POST to a provider's endpoint (token, device authorization), and
 * its answer read to a bound: no redirect is followed, and a hostile or
 * broken endpoint cannot make us read more than {@value #MAX_ANSWER_BYTES} bytes.
 */
@ApplicationScoped
public class ProviderCalls {

    static final int MAX_ANSWER_BYTES = 64 * 1024;

    /** What the endpoint answered: its status and the start of its body. */
    public record Answer(int status, byte[] body) {
    }

    private final OAuth2Settings settings;
    private final OutboundGuard guard;
    private final HttpClient http;

    ProviderCalls(OAuth2Settings settings, OutboundGuard guard) {
        this.settings = settings;
        this.guard = guard;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /**
     * Posts the form once the {@link OutboundGuard} permits every address the endpoint's host has. The HTTP
     * client looks the host up again when it connects, and gets the answer the JVM's DNS cache just kept
     * ({@code networkaddress.cache.ttl}, 30 s by default), not a new one.
     */
    public Answer post(URI endpoint, Map<String, String> form) throws IOException, InterruptedException {
        guard.resolve(endpoint.getHost());
        HttpRequest post = HttpRequest.newBuilder(endpoint)
                .timeout(settings.timeout().multipliedBy(2))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(formBody(form)))
                .build();
        HttpResponse<InputStream> response = http.send(post, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            return new Answer(response.statusCode(), in.readNBytes(MAX_ANSWER_BYTES));
        }
    }

    /** The form as {@code application/x-www-form-urlencoded}, its fields in a stable order. */
    static String formBody(Map<String, String> form) {
        return form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
