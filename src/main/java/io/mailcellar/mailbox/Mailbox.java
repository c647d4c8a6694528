package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A registered mailbox with every default applied, as kept in the
 * {@code mailboxes} topic. The secret is sealed; nothing here is ever
 * returned by the API as is (see {@link MailboxView}).
 */
public record Mailbox(
        String id,
        String name,
        Protocol protocol,
        String host,
        int port,
        Security security,
        String username,
        SealedAuth auth,
        Duration interval,
        List<String> include,
        List<String> exclude,
        Pop3DeleteMode pop3DeleteFromServer,
        Integer pop3Days,
        @JsonInclude(JsonInclude.Include.NON_NULL) Retention retention,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Limits limits,
        @JsonInclude(JsonInclude.Include.NON_NULL) Push push) {

    /**
     * @param retention which snapshots prune keeps; null keeps every one
     * @param limits    how much its backups may download; null limits nothing
     * @param push      IMAP IDLE on some folders; null for none
     */
    public Mailbox {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** The same mailbox with other sealed credentials (a rotated refresh token); not a change in place. */
    public Mailbox withAuth(SealedAuth sealed) {
        return new Mailbox(id, name, protocol, host, port, security, username, sealed, interval, include, exclude,
                pop3DeleteFromServer, pop3Days, retention, enabled, createdAt, updatedAt, limits, push);
    }

    /** Whether the poller keeps IDLE connections for it. */
    public boolean pushes() {
        return push != null && push.watches() && protocol == Protocol.IMAP && enabled;
    }

    /** The credentials with the secret sealed by {@link SecretSealer}. */
    public record SealedAuth(AuthType type, String sealedSecret) {

        @Override
        public String toString() {
            return "SealedAuth[type=" + type + "]";
        }
    }

    @Override
    public String toString() {
        return "Mailbox[id=" + id + ", protocol=" + protocol + ", host=" + host + ", port=" + port + "]";
    }
}
