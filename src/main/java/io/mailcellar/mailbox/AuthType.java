package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the poller logs in. */
public enum AuthType {
    /** LOGIN / AUTH PLAIN / USER+PASS with the account password (or an app password). */
    @JsonProperty("password") PASSWORD,
    /**
     * SASL XOAUTH2 with a bare OAuth 2.0 access token, which expires within the
     * hour. Kept so that mailboxes registered with it still read; new ones use
     * {@link #OAUTH2}.
     */
    @JsonProperty("xoauth2") XOAUTH2,
    /** SASL XOAUTH2 with access tokens fetched from a refresh token (a person signed in once). */
    @JsonProperty("oauth2") OAUTH2,
    /** SASL XOAUTH2 with access tokens from the client-credentials grant (Microsoft 365 app-only access). */
    @JsonProperty("oauth2-app") OAUTH2_APP;

    /** Whether the login is SASL XOAUTH2 with an access token rather than a password. */
    public boolean usesAccessToken() {
        return this != PASSWORD;
    }
}
