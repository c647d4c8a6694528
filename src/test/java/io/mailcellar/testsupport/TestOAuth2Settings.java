package io.mailcellar.testsupport;

import io.mailcellar.mail.oauth.OAuth2Settings;

import java.time.Duration;
import java.util.Optional;

/** {@code mailcellar.oauth.*} at its documented defaults, with a redirect base a test may set. */
public record TestOAuth2Settings(Optional<String> redirectBaseUrl) implements OAuth2Settings {

    public static TestOAuth2Settings defaults() {
        return new TestOAuth2Settings(Optional.empty());
    }

    @Override
    public Duration timeout() {
        return Duration.ofSeconds(30);
    }

    @Override
    public String googleTokenEndpoint() {
        return "https://oauth2.googleapis.com/token";
    }

    @Override
    public String microsoftTokenEndpoint() {
        return "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/token";
    }

    @Override
    public String googleAuthorizationEndpoint() {
        return "https://accounts.google.com/o/oauth2/v2/auth";
    }

    @Override
    public String microsoftAuthorizationEndpoint() {
        return "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/authorize";
    }

    @Override
    public String microsoftDeviceEndpoint() {
        return "https://login.microsoftonline.com/{tenant}/oauth2/v2.0/devicecode";
    }

    @Override
    public Duration authorizationLifetime() {
        return Duration.ofMinutes(10);
    }
}
