package io.mailcellar.app;

import io.quarkus.security.identity.IdentityProviderManager;
import io.quarkus.security.identity.SecurityIdentity;
import io.quarkus.security.runtime.QuarkusPrincipal;
import io.quarkus.security.runtime.QuarkusSecurityIdentity;
import io.quarkus.vertx.http.runtime.security.ChallengeData;
import io.quarkus.vertx.http.runtime.security.HttpAuthenticationMechanism;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * Authenticates {@code Authorization: Bearer <token>} against
 * {@code mailcellar.api.tokens}: the caller is the token's name, with its
 * role and the roles that role includes. A token that is none of them is
 * left to the OIDC provider's mechanism where one is enabled; otherwise the
 * caller stays anonymous and every endpoint but the sign-in callback answers
 * 401. Tried before the OIDC mechanism, so a static token never reaches it.
 */
@ApplicationScoped
public class ApiTokenMechanism implements HttpAuthenticationMechanism {

    /** The identity attribute saying how the caller signed in, for the audit log. */
    public static final String VIA = "mailcellar.via";
    private static final String SCHEME = "Bearer ";

    private final ApiTokens tokens;

    ApiTokenMechanism(ApiTokens tokens) {
        this.tokens = tokens;
    }

    @Override
    public Uni<SecurityIdentity> authenticate(RoutingContext context, IdentityProviderManager identityProviderManager) {
        String header = context.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return Uni.createFrom().nullItem();
        }
        Optional<ApiTokens.Caller> caller = tokens.match(header.substring(SCHEME.length()).strip());
        if (caller.isEmpty()) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().item(QuarkusSecurityIdentity.builder()
                .setPrincipal(new QuarkusPrincipal(caller.get().name()))
                .addRoles(caller.get().role().grants())
                .addAttribute(VIA, "token")
                .build());
    }

    @Override
    public Uni<ChallengeData> getChallenge(RoutingContext context) {
        return Uni.createFrom().item(new ChallengeData(401, "WWW-Authenticate", "Bearer realm=\"mailcellar\""));
    }

    @Override
    public int getPriority() {
        return DEFAULT_PRIORITY + 500;
    }
}
