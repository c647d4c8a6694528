package io.mailcellar.mailbox;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where a sealed secret may be sent: the mailbox it belongs to, and the
 * server and account it was given for. It is the associated data of the
 * seal, so a registration record edited to point elsewhere, or a secret
 * copied onto another mailbox, does not open.
 */
public record SealedFor(String mailboxId, String host, int port, Security security, String username) {

    public static SealedFor of(Mailbox mailbox) {
        return new SealedFor(mailbox.id(), mailbox.host(), mailbox.port(), mailbox.security(), mailbox.username());
    }

    /**
     * The secrets of a sign-in started through mailcellar ({@code POST /api/v1/oauth/authorizations}), bound
     * to its id: they go to no mail server until a registration takes them over and seals them anew.
     */
    public static SealedFor signIn(String signInId) {
        return new SealedFor("sign-in/" + signInId, "", 0, Security.TLS, "");
    }

    /** The associated data of a format-2 seal; host names are compared without case. */
    byte[] associatedData() {
        return String.join("\n", "mailcellar seal v2", mailboxId, host.toLowerCase(Locale.ROOT),
                Integer.toString(port), security.name(), username).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "SealedFor[mailbox=" + mailboxId + ", host=" + host + ", port=" + port + "]";
    }
}
