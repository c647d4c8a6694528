package io.mailcellar.mailbox;

import io.mailcellar.api.InvalidFieldException;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * Turns a validated registration into a {@link Mailbox}: the rules that span
 * fields or depend on the operator's settings, the defaults, and the sealing
 * of the secret.
 */
@ApplicationScoped
public class MailboxFactory {

    private final MailboxSettings settings;
    private final SecretSealer sealer;
    private final Clock clock;

    MailboxFactory(MailboxSettings settings, SecretSealer sealer, Clock clock) {
        this.settings = settings;
        this.sealer = sealer;
        this.clock = clock;
    }

    public Mailbox create(MailboxRegistration registration) {
        return create(registration, null);
    }

    /**
     * A new mailbox; with an idempotency key, its id follows from the key, so
     * a retried request that the first one's late write overtakes names the
     * same record in the registry rather than a second mailbox.
     */
    public Mailbox create(MailboxRegistration registration, String idempotencyKey) {
        String id = idempotencyKey == null ? UUID.randomUUID().toString() : idFor(idempotencyKey);
        Instant now = clock.instant();
        return build(id, registration, now, now, null);
    }

    /**
     * The mailbox after a change in place: the same id, creation time and, unless
     * {@code newAuth}, the same sealed secret. A change of server or account must
     * bring its own credentials, so that a stored secret only ever goes to the
     * server it was given for.
     */
    public Mailbox update(Mailbox current, MailboxRegistration changed, boolean newAuth) {
        Mailbox updated = build(current.id(), changed, current.createdAt(), clock.instant(),
                newAuth ? null : current.auth());
        if (!newAuth && !sameDestination(current, updated)) {
            throw new InvalidFieldException("auth", "is required when host, port, security or username change: "
                    + "the stored secret is only ever sent to the server it was given for");
        }
        return updated;
    }

    /** Whether both send their secret to the same account on the same server, the same way. */
    static boolean sameDestination(Mailbox a, Mailbox b) {
        return a.host().equalsIgnoreCase(b.host()) && a.port() == b.port() && a.security() == b.security()
                && a.username().equals(b.username());
    }

    /** The mailbox id a registration with this {@code Idempotency-Key} gets. */
    public static String idFor(String idempotencyKey) {
        return UUID.nameUUIDFromBytes(("mailcellar registration\n" + idempotencyKey)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)).toString();
    }

    /** @param keptAuth the stored credentials to keep, or null to seal the registration's */
    private Mailbox build(String id, MailboxRegistration r, Instant createdAt, Instant updatedAt,
                          Mailbox.SealedAuth keptAuth) {
        Security security = r.security() == null ? Security.TLS : r.security();
        if (security == Security.NONE && !settings.allowInsecure()) {
            throw new InvalidFieldException("security",
                    "security 'none' sends the password in clear text and is not allowed on this server; "
                            + "use 'tls' or 'starttls' (an operator can allow it with mailcellar.mail.allow-insecure=true)");
        }
        Duration interval = r.schedule() == null || r.schedule().interval() == null
                ? settings.defaultInterval() : r.schedule().interval();
        if (interval.compareTo(settings.minInterval()) < 0) {
            throw new InvalidFieldException("schedule.interval",
                    "must be at least " + settings.minInterval() + " (got " + interval + ")");
        }
        Pop3DeleteMode deleteMode = r.pop3() == null || r.pop3().deleteFromServer() == null
                ? Pop3DeleteMode.NEVER : r.pop3().deleteFromServer();
        Integer days = r.pop3() == null ? null : r.pop3().days();
        if (deleteMode != Pop3DeleteMode.NEVER && r.protocol() != Protocol.POP3) {
            throw new InvalidFieldException("pop3.deleteFromServer", "applies to protocol pop3 only");
        }
        if (deleteMode == Pop3DeleteMode.AFTER_DAYS && days == null) {
            throw new InvalidFieldException("pop3.days", "is required with deleteFromServer 'after-days'");
        }
        if (deleteMode != Pop3DeleteMode.AFTER_DAYS && days != null) {
            throw new InvalidFieldException("pop3.days", "is only used with deleteFromServer 'after-days'");
        }
        Retention retention = r.retention() == null || (r.retention().keepsAll()
                && r.retention().pruneDeletedFromServer() == null) ? null : r.retention();
        if (retention != null && retention.pruneDeletedFromServer() != null && r.protocol() != Protocol.POP3) {
            throw new InvalidFieldException("retention.pruneDeletedFromServer", "applies to protocol pop3 only");
        }
        List<String> include = r.folders() == null || r.folders().include() == null || r.folders().include().isEmpty()
                ? List.of("*") : r.folders().include();
        List<String> exclude = r.folders() == null || r.folders().exclude() == null
                ? List.of() : r.folders().exclude();
        String name = r.name() == null || r.name().isBlank() ? r.username() + "@" + r.host() : r.name();
        int port = r.port() == null ? r.protocol().defaultPort(security) : r.port();
        var auth = keptAuth != null ? keptAuth
                : new Mailbox.SealedAuth(r.auth().type(), sealer.seal(id, r.auth().password()));
        return new Mailbox(id, name, r.protocol(), r.host(), port, security, r.username(), auth, interval,
                include, exclude, deleteMode, days, retention, r.enabled() == null || r.enabled(), createdAt, updatedAt);
    }
}
