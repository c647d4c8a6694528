package io.mailcellar.web;

import io.mailcellar.app.ApiTokenMechanism;
import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Authenticates the dashboard's pages ({@code /ui/...}) by their session
 * cookie. Never the API: a cookie the browser sends by itself must not
 * authorize a call made from another page, so {@code /api/} takes only
 * bearer tokens.
 */
@ApplicationScoped
public class SessionMechanism implements HttpAuthenticationMechanism {

    /** The identity attribute holding the session's CSRF token. */
    static final String CSRF = "mailcellar.csrf";
    /** The identity attribute holding when the session ends. */
    static final String EXPIRES = "mailcellar.session-expires";

    private final DashboardSessions sessions;

    SessionMechanism(DashboardSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        if (!context.normalizedPath().startsWith(DashboardPaths.ROOT + "/")) {
            return Uni.createFrom().nullItem();
        }
        Cookie cookie = context.request().getCookie(SessionCookie.NAME);
        if (cookie == null) {
            return Uni.createFrom().nullItem();
        }
        return sessions.resume(cookie.getValue()).map(resumed -> Uni.createFrom().item((SecurityIdentity)
                        QuarkusSecurityIdentity.builder()
                                .setPrincipal(new QuarkusPrincipal(resumed.caller().name()))
                                .addRoles(resumed.caller().role().grants())
                                .addAttribute(ApiTokenMechanism.VIA, "dashboard-" + resumed.via())
                                .addAttribute(CSRF, resumed.session().csrf())
                                .addAttribute(EXPIRES, resumed.session().expires())
                                .build()))
                .orElseGet(() -> Uni.createFrom().nullItem());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(303, "Location", DashboardPaths.SIGN_IN));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 400;
    }
}
