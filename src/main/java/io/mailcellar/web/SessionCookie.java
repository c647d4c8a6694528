package io.mailcellar.web;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The session cookie's value, signed so that any api replica holding the same
 * tokens can read it without a session store:
 * {@code v1.<caller, base64url>.<role>.<expiry, epoch seconds>.<csrf>.<HMAC-SHA256, base64url>}.
 * The key is the caller's: a token's session key ({@code ApiTokens.session}),
 * so a rotated token ends its sessions, or for OIDC sign-ins one derived from
 * the dashboard's client secret.
 */
final class SessionCookie {

    static final String NAME = "mailcellar_session";
    private static final String VERSION = "v1";
    private static final Base64.Encoder ENCODE = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODE = Base64.getUrlDecoder();
    private static final Pattern SHAPE = Pattern.compile("v1\\.[A-Za-z0-9_-]{1,400}\\.[a-z]{1,16}\\.[0-9]{1,12}"
            + "\\.[A-Za-z0-9_-]{16,64}\\.[A-Za-z0-9_-]{43}");

    private SessionCookie() {
    }

    static String seal(WebSession session, byte[] key) {
        String body = VERSION + "." + ENCODE.encodeToString(session.caller().getBytes(StandardCharsets.UTF_8)) + "."
                + session.role() + "." + session.expires().getEpochSecond() + "." + session.csrf();
        return body + "." + ENCODE.encodeToString(mac(key, body));
    }

    /**
     * The session a cookie carries, when its signature holds under its caller's key and it has not ended.
     *
     * @param keyOf the session key of a caller's token; empty when no token has that name any more
     */
    static Optional<WebSession> open(String cookie, Function<String, Optional<byte[]>> keyOf, Instant now) {
        if (cookie == null || !SHAPE.matcher(cookie).matches()) {
            return Optional.empty();
        }
        String[] parts = cookie.split("\\.");
        String caller;
        byte[] signature;
        try {
            caller = new String(DECODE.decode(parts[1]), StandardCharsets.UTF_8);
            signature = DECODE.decode(parts[5]);
        } catch (IllegalArgumentException notBase64) {
            return Optional.empty();
        }
        Optional<byte[]> key = keyOf.apply(caller);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        String body = cookie.substring(0, cookie.lastIndexOf('.'));
        if (!MessageDigest.isEqual(mac(key.get(), body), signature)) {
            return Optional.empty();
        }
        Instant expires = Instant.ofEpochSecond(Long.parseLong(parts[3]));
        if (!now.isBefore(expires)) {
            return Optional.empty();
        }
        return Optional.of(new WebSession(caller, parts[2], expires, parts[4]));
    }

    private static byte[] mac(byte[] key, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM has no HmacSHA256", e);
        }
    }
}
