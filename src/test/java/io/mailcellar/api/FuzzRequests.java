package io.mailcellar.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Requests for the API fuzz test, from a seed: the API's own paths with
 * hostile segments and queries, and valid bodies broken one to four ways
 * (fields removed, of the wrong type, too long, unknown, hostile hosts and
 * durations; truncated, deeply nested, oversized or not JSON at all).
 */
final class FuzzRequests {

    /** The longest request line the HTTP layer takes (Vert.x's default); a longer one gets a bare 414. */
    static final int MAX_REQUEST_LINE = 4096;

    /** One request; {@code token} null sends no Authorization header. */
    record FuzzRequest(String method, String path, String contentType, byte[] body, String token) {

        /**
         * Whether the HTTP layer refuses it before the application sees it, with a bare 400 or 414: a broken
         * percent-escape, a dot-segment or an empty segment in the path, a request line over the limit, or a
         * header value with bytes HTTP does not allow.
         */
        boolean malformedHttp() {
            String target = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
            return !validEscapes(path) || ("/" + target + "/").contains("/../") || target.contains("//")
                    || target.endsWith("/") || method.length() + path.length() + 10 > MAX_REQUEST_LINE
                    || token != null && !token.chars().allMatch(c -> c > 0x20 && c < 0x7f);
        }

        private static boolean validEscapes(String text) {
            for (int i = 0; i < text.length(); i++) {
                if (text.charAt(i) == '%' && (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0)) {
                    return false;
                }
            }
            return true;
        }

        String describe() {
            String text = body == null ? "" : new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8);
            String shortPath = path.length() > 160 ? path.substring(0, 160) + "…(" + path.length() + ")" : path;
            return method + " " + shortPath + " [" + contentType + "] token " + (token == null ? "none"
                    : token.length() > 12 ? token.substring(0, 12) + "…" : token) + " " + text;
        }
    }

    private static final String[] METHODS = {"GET", "POST", "PATCH", "DELETE", "PUT"};
    private static final String[] TEMPLATES = {
        "POST /api/v1/mailboxes", "GET /api/v1/mailboxes?offset={n}&limit={n}", "GET /api/v1/mailboxes/{id}",
        "PATCH /api/v1/mailboxes/{id}", "DELETE /api/v1/mailboxes/{id}?purgeArchive={b}",
        "GET /api/v1/mailboxes/{id}/status", "POST /api/v1/mailboxes/{id}/sync?force={b}",
        "POST /api/v1/mailboxes/{id}/check?readData={b}", "POST /api/v1/mailboxes/{id}/prune?dryRun={b}",
        "POST /api/v1/mailboxes/{id}/restores", "GET /api/v1/mailboxes/{id}/export?format={s}&at={s}",
        "GET /api/v1/mailboxes/{id}/snapshots?limit={n}&before={s}",
        "GET /api/v1/mailboxes/{id}/snapshots/{s}/folders",
        "GET /api/v1/mailboxes/{id}/snapshots/{s}/messages?folder={s}&offset={n}&limit={n}",
        "GET /api/v1/mailboxes/{id}/messages/{s}", "GET /api/v1/restores/{s}", "POST /api/v1/oauth/authorizations",
        "GET /api/v1/oauth/authorizations/{s}", "GET /api/v1/oauth/callback?state={s}&code={s}&error={s}",
        "POST /api/v1/admin/reseal", "POST /api/v1/admin/dead-letters/replay", "GET /api/v1/{s}", "GET /api/{s}",
    };
    private static final String[] HOSTS = {"mail.example.test", "169.254.169.254", "10.0.0.1", "127.0.0.1",
        "localhost", "[::1]", "::ffff:10.0.0.1", "fd00:ec2::254", "0x7f000001", "2130706433", "a..b", "",
        "mail.example.test:993", "xn--80ak6aa92e.test", "мейл.test", "-bad-.test", "host\u0000.test"};
    private static final String[] DURATIONS = {"PT15M", "PT0S", "-PT1M", "P999999999D", "PT1S", "P367D", "1h",
        "", "PT", "P1Y", "PT99999999999999999999H"};
    private static final String[] CONTENT_TYPES = {"application/json", "application/json", "application/json",
        "application/merge-patch+json", "text/plain", "application/x-www-form-urlencoded", null,
        "application/json; charset=ISO-8859-1", "application/problem+json", "multipart/form-data; boundary=x"};

    private static final com.fasterxml.jackson.databind.ObjectMapper JSON =
            new com.fasterxml.jackson.databind.ObjectMapper();

    private final Random random;
    private final List<String> knownIds;
    private final String adminToken;
    private final String readerToken;

    FuzzRequests(long seed, List<String> knownIds, String adminToken, String readerToken) {
        this.random = new Random(seed);
        this.knownIds = knownIds;
        this.adminToken = adminToken;
        this.readerToken = readerToken;
    }

    FuzzRequest next() {
        String template = TEMPLATES[random.nextInt(TEMPLATES.length)];
        String method = random.nextInt(10) < 7 ? template.substring(0, template.indexOf(' '))
                : METHODS[random.nextInt(METHODS.length)];
        String path = fill(template.substring(template.indexOf(' ') + 1));
        byte[] body = null;
        String contentType = null;
        if (method.equals("POST") || method.equals("PATCH") || method.equals("PUT") || random.nextInt(20) == 0) {
            body = body(path);
            contentType = CONTENT_TYPES[random.nextInt(CONTENT_TYPES.length)];
            if (method.equals("PATCH") && random.nextBoolean()) {
                contentType = "application/merge-patch+json";
            }
        }
        int who = random.nextInt(20);
        String token = who < 17 ? adminToken : who == 17 ? readerToken : who == 18 ? null : randomText(40);
        return new FuzzRequest(method, path, contentType, body, token);
    }

    private String fill(String template) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            int open = template.indexOf('{', i);
            if (open < 0) {
                out.append(template, i, template.length());
                break;
            }
            out.append(template, i, open);
            int close = template.indexOf('}', open);
            String kind = template.substring(open + 1, close);
            out.append(switch (kind) {
                case "id" -> random.nextInt(3) == 0 ? knownIds.get(random.nextInt(knownIds.size())) : segment();
                case "n" -> List.of("0", "1", "-1", "50", "1000000", "2147483648", "x", "", "1e3", "NaN")
                        .get(random.nextInt(10));
                case "b" -> List.of("true", "false", "yes", "", "1").get(random.nextInt(5));
                default -> segment();
            });
            i = close + 1;
        }
        return out.toString();
    }

    /** A path segment or query value: plain, percent-encoded hostile text, or invalid escapes. */
    private String segment() {
        return switch (random.nextInt(9)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> "..";
            case 2 -> "%2F..%2F..%2Fetc%2Fpasswd";
            case 3 -> "%ZZ%";
            case 4 -> "a".repeat(1 + random.nextInt(6000));
            case 5 -> "%00%0d%0aX-Injected:%20yes";
            case 6 -> "0".repeat(64);
            case 7 -> "";
            default -> URLEncoder.encode(randomText(1 + random.nextInt(80)), StandardCharsets.UTF_8);
        };
    }

    private byte[] body(String path) {
        int shape = random.nextInt(40);
        if (shape == 0) {
            return ("{\"name\": \"" + "x".repeat(70 * 1024) + "\"}").getBytes(StandardCharsets.UTF_8);
        }
        if (shape == 1) {
            return ("[".repeat(5000) + "]".repeat(5000)).getBytes(StandardCharsets.UTF_8);
        }
        if (shape == 2) {
            return randomText(random.nextInt(500)).getBytes(StandardCharsets.UTF_8);
        }
        if (shape == 3) {
            return new byte[0];
        }
        Map<String, Object> json = template(path);
        int mutations = 1 + random.nextInt(4);
        for (int m = 0; m < mutations; m++) {
            mutate(json, 0);
        }
        byte[] text;
        try {
            text = JSON.writeValueAsBytes(json);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("the fuzz body cannot be written", e);
        }
        if (shape == 4) {
            return java.util.Arrays.copyOf(text, random.nextInt(text.length + 1));
        }
        return text;
    }

    private static Map<String, Object> template(String path) {
        Map<String, Object> auth = new LinkedHashMap<>(Map.of("type", "password", "password", "fuzz-secret"));
        if (path.contains("/restores")) {
            Map<String, Object> target = new LinkedHashMap<>(Map.of("host", "imap.example.test", "username", "bob",
                    "auth", auth));
            return new LinkedHashMap<>(Map.of("at", "2026-12-01T10:00:00Z", "folders", List.of("INBOX"),
                    "target", target, "into", "Restored"));
        }
        if (path.contains("/oauth/")) {
            return new LinkedHashMap<>(Map.of("provider", "generic", "flow", "device", "clientId", "fuzz-client",
                    "scope", "mail", "deviceEndpoint", "https://idp.example.test/device",
                    "tokenEndpoint", "https://idp.example.test/token"));
        }
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("name", "fuzz");
        registration.put("protocol", "imap");
        registration.put("host", "mail.example.test");
        registration.put("port", 993);
        registration.put("security", "tls");
        registration.put("username", "alice@example.test");
        registration.put("auth", auth);
        registration.put("schedule", new LinkedHashMap<>(Map.of("interval", "PT15M")));
        registration.put("folders", new LinkedHashMap<>(Map.of("include", List.of("*"), "exclude", List.of("Junk"))));
        registration.put("enabled", false);
        return registration;
    }

    @SuppressWarnings("unchecked")
    private void mutate(Map<String, Object> json, int depth) {
        List<String> keys = new ArrayList<>(json.keySet());
        if (keys.isEmpty()) {
            json.put(randomText(8), randomValue(0));
            return;
        }
        String key = keys.get(random.nextInt(keys.size()));
        Object value = json.get(key);
        switch (random.nextInt(9)) {
            case 0 -> json.remove(key);
            case 1 -> json.put(key, randomValue(0));
            case 2 -> json.put(randomText(1 + random.nextInt(20)), randomValue(0));
            case 3 -> json.put(key, key.contains("host") ? HOSTS[random.nextInt(HOSTS.length)]
                    : DURATIONS[random.nextInt(DURATIONS.length)]);
            case 4 -> json.put("host", HOSTS[random.nextInt(HOSTS.length)]);
            case 5 -> json.put(key, "z".repeat(List.of(200, 201, 253, 254, 320, 321, 8193, 16385, 40000)
                    .get(random.nextInt(9))));
            case 6 -> {
                if (value instanceof Map<?, ?> inner && depth < 3) {
                    mutate((Map<String, Object>) inner, depth + 1);
                } else {
                    json.put(key, randomValue(0));
                }
            }
            case 7 -> json.put("folders", new LinkedHashMap<>(Map.of("include", java.util.Collections.nCopies(
                    random.nextInt(150), randomText(1 + random.nextInt(300))))));
            default -> json.put(key, List.of("imap", "pop3", "tls", "none", "starttls", "oauth2", "oauth2-app",
                    "xoauth2", "password", "never", "after-days", "IMAP", "").get(random.nextInt(13)));
        }
    }

    private Object randomValue(int depth) {
        return switch (random.nextInt(depth > 2 ? 6 : 8)) {
            case 0 -> null;
            case 1 -> random.nextBoolean();
            case 2 -> List.of(0, -1, 65536, Integer.MAX_VALUE, Long.MAX_VALUE, 1.5e308, -0.0).get(random.nextInt(7));
            case 3 -> new java.math.BigInteger(200, random);
            case 4, 5 -> randomText(random.nextInt(100));
            case 6 -> java.util.Arrays.asList(randomValue(depth + 1), randomValue(depth + 1));
            default -> {
                Map<String, Object> nested = new LinkedHashMap<>();
                nested.put(randomText(5), randomValue(depth + 1));
                yield nested;
            }
        };
    }

    /** Text with control characters, quotes, surrogates, right-to-left marks and HTML. */
    private String randomText(int length) {
        String[] pieces = {"a", "Z", "0", "\"", "\\", "/", "\r", "\n", "\t", "\u0000", "\u202e", "\u2028", "é",
            "𝄞", "<script>", "'", "%", "*", "{", "}", " ", "\ud800", "${jndi:ldap://x}", "../"};
        StringBuilder out = new StringBuilder();
        while (out.length() < length) {
            out.append(pieces[random.nextInt(pieces.length)]);
        }
        return out.toString();
    }
}
