package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** How the poller logs in. */
public enum AuthType {
    /** LOGIN / AUTH PLAIN / USER+PASS with the account password (or an app password). */
    @JsonProperty("password") PASSWORD,
    /** SASL XOAUTH2 with an OAuth 2.0 access token. */
    @JsonProperty("xoauth2") XOAUTH2
}
