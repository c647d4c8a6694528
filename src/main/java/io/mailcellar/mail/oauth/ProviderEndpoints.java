package io.mailcellar.mail.oauth;

import io.mailcellar.mailbox.OAuth2Provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Where a provider's token, authorization and device endpoints are, and the
 * scopes a mailbox needs there, from the settings and (for Microsoft) the
 * tenant. Pure.
 */
public final class ProviderEndpoints {

    public static final String GOOGLE_SCOPE = "https://mail.google.com/";
    public static final String MICROSOFT_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All "
            + "https://outlook.office.com/POP.AccessAsUser.All offline_access";
    public static final String MICROSOFT_APP_SCOPE = "https://outlook.office365.com/.default";

    private ProviderEndpoints() {
    }

    /** The token endpoint; {@code generic} is the one given with the registration or sign-in. */
    public static URI token(OAuth2Provider provider, String tenant, String generic, OAuth2Settings settings) {
        return switch (provider) {
            case GOOGLE -> URI.create(settings.googleTokenEndpoint());
            case MICROSOFT -> withTenant(settings.microsoftTokenEndpoint(), tenant);
            case GENERIC -> URI.create(generic);
        };
    }

    /** Where a person signs in with the authorization-code flow. */
    public static URI authorization(OAuth2Provider provider, String tenant, String generic, OAuth2Settings settings) {
        return switch (provider) {
            case GOOGLE -> URI.create(settings.googleAuthorizationEndpoint());
            case MICROSOFT -> withTenant(settings.microsoftAuthorizationEndpoint(), tenant);
            case GENERIC -> URI.create(generic);
        };
    }

    /** The device authorization endpoint (RFC 8628); Google's does not offer mail scopes, so it has none here. */
    public static URI device(OAuth2Provider provider, String tenant, String generic, OAuth2Settings settings) {
        return switch (provider) {
            case GOOGLE -> throw new IllegalArgumentException("Google offers no device-code flow for mail");
            case MICROSOFT -> withTenant(settings.microsoftDeviceEndpoint(), tenant);
            case GENERIC -> URI.create(generic);
        };
    }

    /** The scope a person's sign-in asks for when none is given; null where the provider keeps the granted ones. */
    public static String defaultScope(OAuth2Provider provider, boolean appOnly) {
        return switch (provider) {
            case GOOGLE -> GOOGLE_SCOPE;
            case MICROSOFT -> appOnly ? MICROSOFT_APP_SCOPE : MICROSOFT_SCOPE;
            case GENERIC -> null;
        };
    }

    private static URI withTenant(String template, String tenant) {
        return URI.create(template.replace("{tenant}", URLEncoder.encode(tenant == null ? "common" : tenant,
                StandardCharsets.UTF_8)));
    }
}
