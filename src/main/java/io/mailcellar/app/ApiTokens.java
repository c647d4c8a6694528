package io.mailcellar.app;

import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The configured API tokens and their roles, compared in constant time. Only
 * their SHA-256 digests are kept, so comparing leaks neither a token's length
 * nor a prefix.
 */
@ApplicationScoped
public class ApiTokens {

    /** Shorter tokens are guessable; refuse them at start. */
    static final int MIN_LENGTH = 16;

    /** A token that matched: its name (never its value) and its role. */
    public record Caller(String name, ApiRole role) {
    }

    /** @param sessionKey derived once, at start: every dashboard request asks for it */
    private record Known(String name, ApiRole role, byte[] digest, byte[] sessionKey) {
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
            String roleName = settings.tokenRoles().get(name);
            if (roleName == null) {
                throw new IllegalStateException("API token mailcellar.api.tokens." + name + " has no role: set "
                        + "mailcellar.api.token-roles." + name + " (environment MAILCELLAR_API_TOKEN_ROLES_"
                        + name.toUpperCase(java.util.Locale.ROOT) + ") to reader, operator or admin");
            }
            ApiRole role = ApiRole.named(roleName).orElseThrow(() -> new IllegalStateException(
                    "mailcellar.api.token-roles." + name + " is '" + roleName + "'; use reader, operator or admin"));
            byte[] digest = digest(token);
            tokens.add(new Known(name, role, digest, digest("mailcellar dashboard session\u0000"
                    + java.util.HexFormat.of().formatHex(digest))));
        });
        TreeSet<String> orphans = new TreeSet<>(settings.tokenRoles().keySet());
        orphans.removeAll(settings.tokens().keySet());
        if (!orphans.isEmpty()) {
            throw new IllegalStateException("mailcellar.api.token-roles names no token: " + orphans
                    + "; each needs its mailcellar.api.tokens.<name>, or remove the role");
        }
        this.known = List.copyOf(tokens);
    }

    public boolean isEmpty() {
        return known.isEmpty();
    }

    /** The caller whose token was presented, or empty when it matches none. */
    public Optional<Caller> match(String presented) {
        byte[] digest = digest(presented);
        Known match = null;
        for (Known token : known) {
            // Every token is compared, so the time taken does not tell which one matched.
            if (MessageDigest.isEqual(token.digest(), digest)) {
                match = token;
            }
        }
        return match == null ? Optional.empty() : Optional.of(new Caller(match.name(), match.role()));
    }

    /**
     * The key that signs the dashboard's sessions of the token named, derived
     * from the token's digest: rotating or removing the token ends its
     * sessions, and every api replica with the same tokens reads them.
     * Empty when no token has that name.
     */
    public Optional<Session> session(String name) {
        for (Known token : known) {
            if (token.name().equals(name)) {
                return Optional.of(new Session(new Caller(token.name(), token.role()), token.sessionKey().clone()));
            }
        }
        return Optional.empty();
    }

    /** A token's caller and the key of its dashboard sessions. */
    public record Session(Caller caller, byte[] key) {
    }

    private static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
