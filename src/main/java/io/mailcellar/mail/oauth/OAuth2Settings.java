package io.mailcellar.mail.oauth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The identity providers' token endpoints ({@code mailcellar.oauth.*}). */
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
}
