package io.mailcellar.mail.oauth;

import io.mailcellar.mailbox.OAuth2Credentials;

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

    static final String GOOGLE_SCOPE = "https://mail.google.com/";
    static final String MICROSOFT_SCOPE = "https://outlook.office.com/IMAP.AccessAsUser.All "
            + "https://outlook.office.com/POP.AccessAsUser.All offline_access";
    static final String MICROSOFT_APP_SCOPE = "https://outlook.office365.com/.default";

    static TokenRequest of(OAuth2Credentials credentials, OAuth2Settings settings) {
        URI endpoint = URI.create(switch (credentials.provider()) {
            case GOOGLE -> settings.googleTokenEndpoint();
            case MICROSOFT -> settings.microsoftTokenEndpoint().replace("{tenant}",
                    URLEncoder.encode(credentials.tenant(), StandardCharsets.UTF_8));
            case GENERIC -> credentials.tokenEndpoint();
        });
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
        String scope = credentials.scope() != null ? credentials.scope() : switch (credentials.provider()) {
            // Google's refresh grant keeps the scopes granted at sign-in when none is named.
            case GOOGLE -> null;
            case MICROSOFT -> appOnly ? MICROSOFT_APP_SCOPE : MICROSOFT_SCOPE;
            case GENERIC -> null;
        };
        if (scope != null) {
            form.put("scope", scope);
        }
        return new TokenRequest(endpoint, Map.copyOf(form));
    }

    /** The form as {@code application/x-www-form-urlencoded}. */
    String body() {
        return form.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    @Override
    public String toString() {
        return "TokenRequest[" + endpoint + ", grant_type=" + form.get("grant_type") + "]";
    }
}
