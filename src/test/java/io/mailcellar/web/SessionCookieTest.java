package io.mailcellar.web;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

class SessionCookieTest {

    private static final byte[] KEY = "k".repeat(32).getBytes(StandardCharsets.US_ASCII);
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final WebSession SESSION = new WebSession("ops.team", "operator", NOW.plusSeconds(3600),
            "csrf-0123456789abcdef0123");
    private static final Function<String, Optional<byte[]>> KEYS = name -> Optional.ofNullable(
            Map.of("ops.team", KEY).get(name));

    @Test
    void aSealedSessionOpensUnderItsKeyUntilItEnds() {
        String cookie = SessionCookie.seal(SESSION, KEY);

        assertThat(cookie).startsWith("v1.").doesNotContain("ops.team");
        assertThat(SessionCookie.open(cookie, KEYS, NOW)).contains(SESSION);
        assertThat(SessionCookie.open(cookie, KEYS, NOW.plusSeconds(3600))).as("ended").isEmpty();
    }

    @Test
    void aTamperedOrForeignCookieIsNoSession() {
        String cookie = SessionCookie.seal(SESSION, KEY);
        String[] parts = cookie.split("\\.");
        String longer = String.join(".", parts[0], parts[1], parts[2],
                String.valueOf(NOW.plusSeconds(99999).getEpochSecond()), parts[4], parts[5]);
        String stronger = String.join(".", parts[0], parts[1], "admin", parts[3], parts[4], parts[5]);

        assertThat(SessionCookie.open(longer, KEYS, NOW)).as("a later expiry").isEmpty();
        assertThat(SessionCookie.open(stronger, KEYS, NOW)).as("a stronger role").isEmpty();
        assertThat(SessionCookie.open(cookie.substring(0, cookie.length() - 1) + "A", KEYS, NOW)).isEmpty();
        assertThat(SessionCookie.open(cookie, name -> Optional.of("x".repeat(32).getBytes(StandardCharsets.US_ASCII)),
                NOW)).as("another token's key (the token was rotated)").isEmpty();
        assertThat(SessionCookie.open(cookie, name -> Optional.empty(), NOW)).as("the token was removed").isEmpty();
        assertThat(SessionCookie.open("v1.!!!.1.x.y", KEYS, NOW)).isEmpty();
        assertThat(SessionCookie.open("v1.A.reader.1." + "c".repeat(16) + "." + "A".repeat(43), KEYS, NOW))
                .as("a name that is not base64 of anything").isEmpty();
        assertThat(SessionCookie.open(null, KEYS, NOW)).isEmpty();
        assertThat(SessionCookie.open("", KEYS, NOW)).isEmpty();
    }
}
