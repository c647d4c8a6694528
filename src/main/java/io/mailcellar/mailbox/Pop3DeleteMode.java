package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Whether POP3 polling removes archived messages from the server. */
public enum Pop3DeleteMode {
    @JsonProperty("never") NEVER,
    @JsonProperty("after-archive") AFTER_ARCHIVE,
    @JsonProperty("after-days") AFTER_DAYS
}
