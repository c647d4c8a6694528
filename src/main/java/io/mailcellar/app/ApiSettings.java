package io.mailcellar.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Map;

/** {@code mailcellar.api.*}: who may call the REST API, and what. */
@ConfigMapping(prefix = "mailcellar.api")
public interface ApiSettings {

    /**
     * Bearer tokens by name, e.g. {@code mailcellar.api.tokens.admin} (env
     * {@code MAILCELLAR_API_TOKENS_ADMIN}). A request to {@code /api/} must carry
     * {@code Authorization: Bearer <one of them>}. Several let a token be rotated
     * without downtime. A process with the api role does not start without one.
     */
    Map<String, String> tokens();

    /**
     * Each token's role, by the token's name: {@code reader}, {@code operator}
     * or {@code admin} (env {@code MAILCELLAR_API_TOKEN_ROLES_ADMIN=admin}). A
     * token without a role stops the start: no rights are implicit.
     */
    Map<String, String> tokenRoles();

    /** The most mailboxes this service registers; one more is refused with 409. */
    @WithDefault("10000")
    int maxMailboxes();

    /** Bearer JWTs from the company's OIDC provider, besides the tokens above. */
    Oidc oidc();

    interface Oidc {
        /**
         * Accept JWTs from {@code quarkus.oidc.auth-server-url} (env
         * {@code QUARKUS_OIDC_AUTH_SERVER_URL}); their role comes from the claim below.
         */
        @WithDefault("false")
        boolean enabled();

        /** The claim holding the caller's roles (reader, operator, admin); a path such as {@code realm_access/roles}. */
        @WithDefault("roles")
        String roleClaim();

        /** The audience a JWT must name ({@code aud}), such as {@code mailcellar}; unchecked when unset. */
        java.util.Optional<String> audience();
    }
}
