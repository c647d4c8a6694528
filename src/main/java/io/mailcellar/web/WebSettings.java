package io.mailcellar.web;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** {@code mailcellar.web.*}: the dashboard the api role serves under {@code /ui}. */
@ConfigMapping(prefix = "mailcellar.web")
public interface WebSettings {

    /** Serve the dashboard; when false, {@code /ui} answers 404 and the API alone remains. */
    @WithDefault("true")
    boolean enabled();

    /** How long a sign-in lasts before the dashboard asks for the token again. */
    @WithDefault("8h")
    Duration sessionLifetime();

    /**
     * Sign-in with the company's OIDC provider (the authorization-code flow), besides API tokens. The provider
     * is quarkus-oidc's tenant {@code dashboard}: {@code QUARKUS_OIDC_DASHBOARD_AUTH_SERVER_URL},
     * {@code _CLIENT_ID} and {@code _CREDENTIALS_SECRET}; the role comes from its ID token's
     * {@code mailcellar.api.oidc.role-claim}.
     */
    Oidc oidc();

    interface Oidc {
        @WithDefault("false")
        boolean enabled();
    }

    /** Mailboxes per page of the overview; the rest are a page away, and the filter finds any. */
    @WithDefault("200")
    int overviewPageSize();
}
