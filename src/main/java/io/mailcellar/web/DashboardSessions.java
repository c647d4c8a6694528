package io.mailcellar.web;

import io.mailcellar.app.ApiTokens;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.Optional;

/** Starts and reads dashboard sessions of the API tokens' callers. */
@ApplicationScoped
public class DashboardSessions {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokens tokens;
    private final WebSettings settings;
    private final Clock clock;

    DashboardSessions(ApiTokens tokens, WebSettings settings, Clock clock) {
        this.tokens = tokens;
        this.settings = settings;
        this.clock = clock;
    }

    /** A new session of the caller whose token was presented, and its cookie's value; empty for a wrong token. */
    Optional<Started> start(String presentedToken) {
        return tokens.match(presentedToken).flatMap(caller -> tokens.session(caller.name())).map(session -> {
            byte[] csrf = new byte[24];
            RANDOM.nextBytes(csrf);
            WebSession started = new WebSession(session.caller().name(), clock.instant()
                    .plus(settings.sessionLifetime()), Base64.getUrlEncoder().withoutPadding().encodeToString(csrf));
            return new Started(started, session.caller(), SessionCookie.seal(started, session.key()));
        });
    }

    /** The session a cookie carries, with its caller's role as configured now. */
    Optional<Resumed> resume(String cookie) {
        return SessionCookie.open(cookie, name -> tokens.session(name).map(ApiTokens.Session::key), clock.instant())
                .flatMap(session -> tokens.session(session.caller())
                        .map(token -> new Resumed(session, token.caller())));
    }

    record Started(WebSession session, ApiTokens.Caller caller, String cookie) {
    }

    record Resumed(WebSession session, ApiTokens.Caller caller) {
    }
}
