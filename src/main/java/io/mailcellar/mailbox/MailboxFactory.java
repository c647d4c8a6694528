package io.mailcellar.mailbox;

import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.outbound.OutboundGuard;
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

    /** A year and a day: a longer interval is a mistake, and disabling is the way to stop polling. */
    static final Duration MAX_INTERVAL = Duration.ofDays(366);

    private final MailboxSettings settings;
    private final SecretSealer sealer;
    private final Clock clock;
    private final SignedInAccounts signedIn;
    private final OutboundGuard guard;

    MailboxFactory(MailboxSettings settings, SecretSealer sealer, Clock clock, SignedInAccounts signedIn,
                   OutboundGuard guard) {
        this.guard = guard;
        this.settings = settings;
        this.sealer = sealer;
        this.clock = clock;
        this.signedIn = signedIn;
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

    /**
     * The credentials checked for what their type needs, and sealed for the
     * mailbox and the server and account they are for; the errors name the
     * fields under {@code auth}.
     */
    public Mailbox.SealedAuth sealAuth(SealedFor destination, MailboxRegistration.Auth auth) {
        String secret = switch (auth.type()) {
            case PASSWORD -> {
                requireText(auth.password(), "auth.password", "is required with type password");
                refuseOAuthFields(auth, "password");
                yield auth.password();
            }
            case XOAUTH2 -> throw new InvalidFieldException("auth.type", "xoauth2 (a bare access token, which "
                    + "expires within the hour) is replaced by oauth2: give provider, clientId and refreshToken, and "
                    + "mailcellar fetches fresh access tokens itself");
            case OAUTH2 -> oauth2(auth).toJson();
            case OAUTH2_APP -> oauth2App(auth).toJson();
        };
        return new Mailbox.SealedAuth(auth.type(), sealer.seal(destination, secret));
    }

    private OAuth2Credentials oauth2(MailboxRegistration.Auth auth) {
        if (auth.authorization() != null) {
            if (auth.password() != null || auth.provider() != null || auth.clientId() != null
                    || auth.clientSecret() != null || auth.refreshToken() != null || auth.tenant() != null
                    || auth.tokenEndpoint() != null || auth.scope() != null) {
                throw new InvalidFieldException("auth.authorization", "comes alone: the sign-in already holds the "
                        + "provider, client and tokens; send only type and authorization");
            }
            return signedIn.credentials(auth.authorization());
        }
        if (auth.password() != null) {
            throw new InvalidFieldException("auth.password", "is not used with type oauth2");
        }
        if (auth.provider() == null) {
            throw new InvalidFieldException("auth.provider", "is required with type oauth2: google, microsoft or "
                    + "generic");
        }
        requireText(auth.clientId(), "auth.clientId", "is required with type oauth2: the OAuth client id the "
                + "refresh token was issued to");
        requireText(auth.refreshToken(), "auth.refreshToken", "is required with type oauth2");
        String tenant = auth.provider() == OAuth2Provider.MICROSOFT && auth.tenant() == null ? "common" : auth.tenant();
        return credentials(auth, tenant, auth.refreshToken());
    }

    private OAuth2Credentials oauth2App(MailboxRegistration.Auth auth) {
        if (auth.authorization() != null) {
            throw new InvalidFieldException("auth.authorization", "is used with type oauth2 (a person's sign-in); "
                    + "oauth2-app signs in as the application");
        }
        if (auth.password() != null || auth.refreshToken() != null) {
            throw new InvalidFieldException(auth.password() != null ? "auth.password" : "auth.refreshToken",
                    "is not used with type oauth2-app, which signs in as the application");
        }
        OAuth2Provider provider = auth.provider() == null ? OAuth2Provider.MICROSOFT : auth.provider();
        if (provider == OAuth2Provider.GOOGLE) {
            throw new InvalidFieldException("auth.provider", "oauth2-app is Microsoft 365 app-only access (or a "
                    + "generic provider's client credentials); Google accounts use oauth2");
        }
        requireText(auth.clientId(), "auth.clientId", "is required with type oauth2-app");
        requireText(auth.clientSecret(), "auth.clientSecret", "is required with type oauth2-app");
        if (provider == OAuth2Provider.MICROSOFT) {
            requireText(auth.tenant(), "auth.tenant", "is required with oauth2-app: the directory (tenant) id "
                    + "that granted the application access");
        }
        MailboxRegistration.Auth withProvider = new MailboxRegistration.Auth(auth.type(), null, provider,
                auth.clientId(), auth.clientSecret(), null, auth.tenant(), auth.tokenEndpoint(), auth.scope(), null);
        return credentials(withProvider, auth.tenant(), null);
    }

    private OAuth2Credentials credentials(MailboxRegistration.Auth auth, String tenant, String refreshToken) {
        if (auth.provider() == OAuth2Provider.GENERIC) {
            requireText(auth.tokenEndpoint(), "auth.tokenEndpoint", "is required with provider generic");
            requireText(auth.scope(), "auth.scope", "is required with provider generic");
            java.net.URI endpoint;
            try {
                endpoint = java.net.URI.create(auth.tokenEndpoint());
            } catch (IllegalArgumentException e) {
                throw new InvalidFieldException("auth.tokenEndpoint", "is not a URL");
            }
            boolean https = "https".equalsIgnoreCase(endpoint.getScheme());
            if (endpoint.getHost() == null || !https && !"http".equalsIgnoreCase(endpoint.getScheme())) {
                throw new InvalidFieldException("auth.tokenEndpoint", "must be an https URL");
            }
            if (!https && !settings.allowInsecure()) {
                throw new InvalidFieldException("auth.tokenEndpoint", "must be https: the client secret and the "
                        + "refresh token go to it (an operator can allow http with mailcellar.mail.allow-insecure=true)");
            }
            refuseIfGuarded("auth.tokenEndpoint", endpoint.getHost());
        } else if (auth.tokenEndpoint() != null) {
            throw new InvalidFieldException("auth.tokenEndpoint", "is only given with provider generic; google's "
                    + "and microsoft's are settings (mailcellar.oauth.*)");
        }
        if (auth.provider() != OAuth2Provider.MICROSOFT && auth.tenant() != null) {
            throw new InvalidFieldException("auth.tenant", "is only used with provider microsoft");
        }
        return new OAuth2Credentials(1, auth.provider(), auth.clientId(), auth.clientSecret(), refreshToken, tenant,
                auth.tokenEndpoint(), auth.scope());
    }

    private static void refuseOAuthFields(MailboxRegistration.Auth auth, String type) {
        if (auth.provider() != null || auth.clientId() != null || auth.clientSecret() != null
                || auth.refreshToken() != null || auth.tenant() != null || auth.tokenEndpoint() != null
                || auth.scope() != null || auth.authorization() != null) {
            throw new InvalidFieldException("auth", "type " + type + " takes only a password; the OAuth fields "
                    + "belong to types oauth2 and oauth2-app");
        }
    }

    private static Push push(MailboxRegistration r) {
        if (r.push() == null || r.push().idle() == null && r.push().folders() == null) {
            return null;
        }
        if (r.push().watches() && r.protocol() != Protocol.IMAP) {
            throw new InvalidFieldException("push.idle", "is IMAP only: POP3 has no IDLE, and its mailbox is "
                    + "polled at its interval");
        }
        return r.push();
    }

    private static void requireText(String value, String field, String message) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, message);
        }
    }

    /** A 400 naming the field when the outbound guard refuses its host; checked again at every connect. */
    private void refuseIfGuarded(String field, String host) {
        guard.refusal(host).ifPresent(refusal -> {
            throw new InvalidFieldException(field, refusal);
        });
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
        refuseIfGuarded("host", r.host());
        Duration interval = r.schedule() == null || r.schedule().interval() == null
                ? settings.defaultInterval() : r.schedule().interval();
        if (interval.compareTo(settings.minInterval()) < 0) {
            throw new InvalidFieldException("schedule.interval",
                    "must be at least " + settings.minInterval() + " (got " + interval + ")");
        }
        if (interval.compareTo(MAX_INTERVAL) > 0) {
            throw new InvalidFieldException("schedule.interval",
                    "must be at most " + MAX_INTERVAL + " (got " + interval + "); to stop polling, set enabled to false");
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
                : sealAuth(new SealedFor(id, r.host(), port, security, r.username()), r.auth());
        return new Mailbox(id, name, r.protocol(), r.host(), port, security, r.username(), auth, interval,
                include, exclude, deleteMode, days, retention, r.enabled() == null || r.enabled(), createdAt, updatedAt,
                r.limits() == null || r.limits().none() ? null : r.limits(), push(r));
    }
}
