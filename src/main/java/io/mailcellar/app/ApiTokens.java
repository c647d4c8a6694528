package io.mailcellar.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The configured API tokens, compared in constant time. Only their SHA-256
 * digests are kept, so comparing leaks neither a token's length nor a prefix.
 */
@ApplicationScoped
public class ApiTokens {

    /** Shorter tokens are guessable; refuse them at start. */
    static final int MIN_LENGTH = 16;

    private record Known(String name, byte[] digest) {
    }

    private final List<Known> known;

    ApiTokens(ApiSettings settings) {
        List<Known> tokens = new ArrayList<>();
        settings.tokens().forEach((name, value) -> {
            String token = value.strip();
            if (token.isEmpty()) {
                return;
            }
            if (token.length() < MIN_LENGTH) {
                throw new IllegalStateException("API token mailcellar.api.tokens." + name + " is shorter than "
                        + MIN_LENGTH + " characters; use a long random value, e.g. `openssl rand -hex 32`");
            }
            tokens.add(new Known(name, digest(token)));
        });
        this.known = List.copyOf(tokens);
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The name of the token presented, or empty when it matches none. */
    public Optional<String> match(String presented) {
        byte[] digest = digest(presented);
        String match = null;
        for (Known token : known) {
            // Every token is compared, so the time taken does not tell which one matched.
            if (MessageDigest.isEqual(token.digest(), digest)) {
                match = token.name();
            }
        }
        return Optional.ofNullable(match);
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
