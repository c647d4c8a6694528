package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Transport security towards the mail server. */
public enum Security {
    /** Implicit TLS from the first byte (IMAPS 993, POP3S 995). */
    @JsonProperty("tls") TLS,
    /** Plain connection upgraded with STARTTLS / STLS, which is required to succeed. */
    @JsonProperty("starttls") STARTTLS,
    /** No encryption at all; refused unless the operator allows insecure connections. */
    @JsonProperty("none") NONE
}
