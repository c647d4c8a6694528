package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.mailcellar.app.ApiTokens;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/**
 * Starts and reads dashboard sessions: of the API tokens' callers, and of
 * people the company's OIDC provider signed in.
 */
@ApplicationScoped
public class DashboardSessions {

    /** Callers signed in by the OIDC provider are named so; no API token name has a colon. */
    static final String OIDC_PREFIX = "oidc:";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokens tokens;
    private final WebSettings settings;
    private final Clock clock;
    private final Optional<byte[]> oidcKey;

    DashboardSessions(ApiTokens tokens, WebSettings settings, Clock clock,
                      @ConfigProperty(name = "quarkus.oidc.dashboard.credentials.secret") Optional<String> oidcSecret) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
        this.oidcKey = settings.oidc().enabled() ? oidcSecret.filter(secret -> !secret.isBlank())
                .map(secret -> sha256("mailcellar dashboard oidc session\u0000" + secret)) : Optional.empty();
    }

    /** Whether people can sign in with the OIDC provider. */
    boolean oidcEnabled() {
        return oidcKey.isPresent();
    }

    /** A new session of the caller whose token was presented, and its cookie's value; empty for a wrong token. */
    Optional<Started> start(String presentedToken) {
        return tokens.match(presentedToken).flatMap(caller -> tokens.session(caller.name()))
                .map(session -> started(session.caller().name(), session.caller().role(), session.key()));
    }

    /** A new session of a person the OIDC provider signed in, with the role its ID token gave. */
    Optional<Started> startSignedIn(String subject, ApiRole role) {
        return oidcKey.map(key -> started(OIDC_PREFIX + subject, role, key));
    }

    /** The session a cookie carries, with its caller and role. */
    Optional<Resumed> resume(String cookie) {
        Optional<WebSession> session = SessionCookie.open(cookie, this::keyOf, clock.instant());
        if (session.isEmpty()) {
            return Optional.empty();
        }
        WebSession open = session.get();
        if (open.caller().startsWith(OIDC_PREFIX)) {
            return ApiRole.named(open.role()).map(role -> new Resumed(open, new ApiTokens.Caller(
                    open.caller().substring(OIDC_PREFIX.length()), role), "oidc"));
        }
        // A token's role is the one configured now, whatever it was at sign-in.
        return tokens.session(open.caller()).map(token -> new Resumed(open, token.caller(), "token"));
    }

    private Optional<byte[]> keyOf(String caller) {
        return caller.startsWith(OIDC_PREFIX) ? oidcKey : tokens.session(caller).map(ApiTokens.Session::key);
    }

    private Started started(String caller, ApiRole role, byte[] key) {
        byte[] csrf = new byte[24];
        RANDOM.nextBytes(csrf);
        WebSession session = new WebSession(caller, role.wireName(), clock.instant().plus(settings.sessionLifetime()),
                Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
        return new Started(session, role, SessionCookie.seal(session, key));
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    record Started(WebSession session, ApiRole role, String cookie) {
    }

    /** @param via how the session was signed in: token or oidc */
    record Resumed(WebSession session, ApiTokens.Caller caller, String via) {
    }
}
