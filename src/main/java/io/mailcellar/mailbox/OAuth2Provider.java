package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whose token endpoint gives a mailbox its access tokens. */
public enum OAuth2Provider {
    /** Google's token endpoint, scope {@code https://mail.google.com/}. */
    @JsonProperty("google") GOOGLE,
    /** Microsoft identity platform v2 of the mailbox's tenant; Outlook's IMAP and POP scopes. */
    @JsonProperty("microsoft") MICROSOFT,
    /** Any other OAuth 2.0 server: its token endpoint and scope are given with the registration. */
    @JsonProperty("generic") GENERIC
}
