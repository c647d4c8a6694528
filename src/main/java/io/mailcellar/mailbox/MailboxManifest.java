package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code mailboxes/{id}/mailbox.json} in the bucket: the registration without
 * its secret, so that the bucket alone says whose mail it holds and where it
 * came from (docs/archive-format.md). Versioned by {@code format}.
 */
public record MailboxManifest(
        int format,
        String id,
        String name,
        Protocol protocol,
        String host,
        int port,
        Security security,
        String username,
        AuthType authType,
        Duration interval,
        List<String> include,
        List<String> exclude,
        Pop3DeleteMode pop3DeleteFromServer,
        Integer pop3Days,
        @JsonInclude(JsonInclude.Include.NON_NULL) Retention retention,
        Instant createdAt,
        Instant updatedAt) {

    public static final int FORMAT = 1;

    public MailboxManifest {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** The mailbox's manifest: everything but the sealed secret and whether it is enabled. */
    public static MailboxManifest of(Mailbox mailbox) {
        return new MailboxManifest(FORMAT, mailbox.id(), mailbox.name(), mailbox.protocol(), mailbox.host(),
                mailbox.port(), mailbox.security(), mailbox.username(), mailbox.auth().type(), mailbox.interval(),
                mailbox.include(), mailbox.exclude(), mailbox.pop3DeleteFromServer(), mailbox.pop3Days(),
                mailbox.retention(), mailbox.createdAt(), mailbox.updatedAt());
    }
}
