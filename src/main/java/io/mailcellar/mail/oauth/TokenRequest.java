package io.mailcellar.mail.oauth;

import io.mailcellar.mailbox.OAuth2Credentials;
import io.mailcellar.mailbox.OAuth2Provider;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The token request for a mailbox's credentials (RFC 6749 §6 refresh, or §4.4
 * client credentials for app-only access), as a form. Pure.
 */
record TokenRequest(URI endpoint, Map<String, String> form) {

    static TokenRequest of(OAuth2Credentials credentials, OAuth2Settings settings) {
        URI endpoint = ProviderEndpoints.token(credentials.provider(), credentials.tenant(),
                credentials.tokenEndpoint(), settings);
        boolean appOnly = credentials.refreshToken() == null;
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", appOnly ? "client_credentials" : "refresh_token");
        if (!appOnly) {
            form.put("refresh_token", credentials.refreshToken());
        }
        form.put("client_id", credentials.clientId());
        if (credentials.clientSecret() != null) {
            form.put("client_secret", credentials.clientSecret());
        }
        // Google's refresh grant keeps the scopes granted at sign-in when none is named.
        String scope = credentials.scope() != null ? credentials.scope()
                : credentials.provider() == OAuth2Provider.GOOGLE ? null
                : ProviderEndpoints.defaultScope(credentials.provider(), appOnly);
        if (scope != null) {
            form.put("scope", scope);
        }
        return new TokenRequest(endpoint, Map.copyOf(form));
    }

    /** The form as {@code application/x-www-form-urlencoded}. */
    String body() {
        return ProviderCalls.formBody(form);
    }

    @Override
    public String toString() {
        return "TokenRequest[" + endpoint + ", grant_type=" + form.get("grant_type") + "]";
    }
}
