package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The protocol a mailbox is polled with. */
public enum Protocol {
    @JsonProperty("imap") IMAP,
    @JsonProperty("pop3") POP3;

    /** The standard port for this protocol with the given transport security. */
    public int defaultPort(Security security) {
        boolean implicitTls = security == Security.TLS;
        return switch (this) {
            case IMAP -> implicitTls ? 993 : 143;
            case POP3 -> implicitTls ? 995 : 110;
        };
    }
}
