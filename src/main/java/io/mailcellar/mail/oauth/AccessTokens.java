package io.mailcellar.mail.oauth;

import io.mailcellar.app.LogText;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.OAuth2Credentials;
import io.mailcellar.mailbox.RevokedCredentialsException;
import io.mailcellar.mailbox.SealedFor;
import io.mailcellar.mailbox.SecretSealer;
import jakarta.enterprise.context.ApplicationScoped;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Access tokens for the mailboxes that log in with OAuth2: fetched from the
 * provider's token endpoint before a connect, and kept until shortly before
 * they expire. A refresh token the provider rotates is sealed and stored in
 * the registration at once, since the old one may stop working. A grant the
 * provider refuses for good ends in {@link RevokedCredentialsException}.
 * Tokens are never logged.
 */
@ApplicationScoped
public class AccessTokens {

    private static final Logger LOG = Logger.getLogger(AccessTokens.class);
    /** Used when a provider does not say how long its token lives. */
    private static final long UNSTATED_LIFETIME_SECONDS = 300;
    private static final long MARGIN_SECONDS = 120;

    private final SecretSealer sealer;
    private final OAuth2Settings settings;
    private final MailboxRegistry registry;
    private final Clock clock;
    private final ProviderCalls calls;
    private final ConcurrentMap<String, Cached> cache = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Object> locks = new ConcurrentHashMap<>();

    /** A token for the registration as it was at {@code updatedAt}: a change in place fetches a new one. */
    private record Cached(Instant updatedAt, String token, Instant refreshAfter) {
        @Override
        public String toString() {
            return "Cached[refreshAfter=" + refreshAfter + "]";
        }
    }

    private final MeterRegistry meters;

    AccessTokens(SecretSealer sealer, OAuth2Settings settings, MailboxRegistry registry, Clock clock,
                 MeterRegistry meters, ProviderCalls calls) {
        this.meters = meters;
        this.sealer = sealer;
        this.settings = settings;
        this.registry = registry;
        this.clock = clock;
        this.calls = calls;
    }

    /** A current access token for the mailbox, from the cache or fresh from its provider. */
    public String accessToken(Mailbox mailbox) throws MessagingException {
        Cached cached = cache.get(mailbox.id());
        if (usable(cached, mailbox)) {
            return cached.token();
        }
        synchronized (locks.computeIfAbsent(mailbox.id(), id -> new Object())) {
            cached = cache.get(mailbox.id());
            if (usable(cached, mailbox)) {
                return cached.token();
            }
            // The registry's copy may hold a refresh token rotated since this run read the mailbox.
            Mailbox latest = registry.isReady() ? registry.find(mailbox.id())
                    .filter(m -> m.updatedAt().equals(mailbox.updatedAt())).orElse(mailbox) : mailbox;
            OAuth2Credentials credentials = OAuth2Credentials.fromJson(latest.id(),
                    sealer.open(SealedFor.of(latest), latest.auth().sealedSecret()));
            TokenAnswer answer = fetch(mailbox.id(), TokenRequest.of(credentials, settings));
            if (answer.refreshToken() != null && credentials.refreshToken() != null
                    && !answer.refreshToken().equals(credentials.refreshToken())) {
                storeRotated(latest, credentials.withRefreshToken(answer.refreshToken()));
            }
            long lifetime = answer.expiresIn() > 0 ? answer.expiresIn() : UNSTATED_LIFETIME_SECONDS;
            Instant refreshAfter = clock.instant().plusSeconds(lifetime - Math.min(MARGIN_SECONDS, lifetime / 2));
            cache.put(mailbox.id(), new Cached(mailbox.updatedAt(), answer.accessToken(), refreshAfter));
            return answer.accessToken();
        }
    }

    /** Forgets the mailbox's token, e.g. after the server said it expired before its time. */
    public void forget(String mailboxId) {
        cache.remove(mailboxId);
    }

    private boolean usable(Cached cached, Mailbox mailbox) {
        return cached != null && cached.updatedAt().equals(mailbox.updatedAt())
                && clock.instant().isBefore(cached.refreshAfter());
    }

    private TokenAnswer fetch(String mailboxId, TokenRequest request) throws MessagingException {
        String where = "the token endpoint " + LogText.of(request.endpoint().getHost());
        TokenAnswer answer;
        try {
            ProviderCalls.Answer response = calls.post(request.endpoint(), request.form());
            answer = TokenAnswer.parse(response.status(), response.body());
        } catch (IOException e) {
            count("unreachable");
            throw new MessagingException(where + " could not be reached (" + LogText.of(e) + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MessagingException("interrupted while asking " + where + " for an access token", e);
        }
        count(answer.ok() ? "ok" : answer.needsAPerson() ? "refused" : "failed");
        if (answer.ok()) {
            return answer;
        }
        String said = LogText.of(answer.error()) + (answer.errorDescription() == null ? ""
                : ": " + LogText.of(cut(answer.errorDescription())));
        if (answer.needsAPerson()) {
            LOG.warnf("mailbox %s: %s refused the sign-in for good (%s)", mailboxId, where, said);
            throw new RevokedCredentialsException(where + " no longer accepts this mailbox's sign-in (" + said
                    + "): sign in again and give the new credentials with PATCH /api/v1/mailboxes/" + mailboxId
                    + "; the mailbox is not tried again until then");
        }
        throw new MessagingException(where + " gave no access token (" + said + ")");
    }

    private void count(String outcome) {
        meters.counter("mailcellar.oauth.token.requests", "outcome", outcome).increment();
    }

    /** Seals and stores a rotated refresh token, unless the registration changed meanwhile. */
    private void storeRotated(Mailbox mailbox, OAuth2Credentials rotated) {
        Optional<Mailbox> current = registry.find(mailbox.id());
        if (current.isEmpty() || !current.get().auth().sealedSecret().equals(mailbox.auth().sealedSecret())) {
            LOG.infof("mailbox %s: the provider rotated the refresh token, but the registration changed "
                    + "meanwhile; the new registration's credentials are used from now on", mailbox.id());
            return;
        }
        Mailbox.SealedAuth sealed = new Mailbox.SealedAuth(mailbox.auth().type(),
                sealer.seal(SealedFor.of(mailbox), rotated.toJson()));
        try {
            registry.put(current.get().withAuth(sealed));
        } catch (RuntimeException e) {
            LOG.errorf("mailbox %s: the provider rotated the refresh token and the new one could not be stored "
                    + "(%s); if the old one stops working, sign in again", mailbox.id(), LogText.of(e.getMessage()));
            throw e;
        }
        LOG.infof("mailbox %s: the provider rotated the refresh token; the new one is stored", mailbox.id());
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
}
