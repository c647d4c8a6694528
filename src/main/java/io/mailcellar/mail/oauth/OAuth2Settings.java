package io.mailcellar.mail.oauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The identity providers' endpoints, and how people sign in through mailcellar ({@code mailcellar.oauth.*}). */
@ConfigMapping(prefix = "mailcellar.oauth")
public interface OAuth2Settings {

    /** How long a token endpoint may take to connect, and then to answer. */
    @WithDefault("30s")
    java.time.Duration timeout();

    /** Google's token endpoint, for mailboxes with provider google. */
    @WithDefault("https://oauth2.googleapis.com/token")
    String googleTokenEndpoint();

    /** Microsoft's token endpoint, for provider microsoft; {@code {tenant}} is the mailbox's tenant. */
    @WithDefault("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token")
    String microsoftTokenEndpoint();

    /** Where a person signs in to Google (the authorization-code flow). */
    @WithDefault("https://accounts.google.com/o/oauth2/v2/auth")
    String googleAuthorizationEndpoint();

    /** Where a person signs in to Microsoft with the authorization-code flow; {@code {tenant}} as above. */
    @WithDefault("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize")
    String microsoftAuthorizationEndpoint();

    /** Microsoft's device authorization endpoint (the device-code flow); {@code {tenant}} as above. */
    @WithDefault("https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode")
    String microsoftDeviceEndpoint();

    /**
     * The public https address of the API, as a browser reaches it: the provider sends the person back to
     * {@code <this>/api/v1/oauth/callback} after the authorization-code flow. Unset, only the device-code flow
     * can be started.
     */
    java.util.Optional<String> redirectBaseUrl();

    /** How long a person has to finish a sign-in started with {@code POST /api/v1/oauth/authorizations}. */
    @WithDefault("10m")
    java.time.Duration authorizationLifetime();
}
