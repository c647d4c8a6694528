package io.mailcellar.signin;

import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.app.LogText;
import io.mailcellar.mail.oauth.OAuth2Settings;
import io.mailcellar.outbound.OutboundGuard;
import io.mailcellar.mail.oauth.ProviderCalls;
import io.mailcellar.mail.oauth.ProviderEndpoints;
import io.mailcellar.mail.oauth.TokenAnswer;
import io.mailcellar.mailbox.MailboxSettings;
import io.mailcellar.mailbox.OAuth2Credentials;
import io.mailcellar.mailbox.OAuth2Provider;
import io.mailcellar.mailbox.SealedFor;
import io.mailcellar.mailbox.SecretSealer;
import io.mailcellar.mailbox.SignedInAccounts;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Signing a person in to their mail provider without other tools: the
 * device-code flow (RFC 8628; the instance that started it polls the token
 * endpoint until the person has typed the code) and the authorization-code
 * flow with PKCE (the provider sends the browser back to the callback, which
 * any api instance serves). The refresh token obtained is sealed in the
 * sign-in, and a registration naming the sign-in takes it over.
 */
@ApplicationScoped
public class SignIns implements SignedInAccounts {

    private static final Logger LOG = Logger.getLogger(SignIns.class);
    static final String CALLBACK_PATH = "/api/v1/oauth/callback";
    private static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    /** An ended sign-in stays this long, so that its state can still be asked for. */
    private static final Duration KEEP_ENDED = Duration.ofDays(1);
    private static final Duration KEEP_UNCLAIMED = Duration.ofDays(7);

    private final SignInBook book;
    private final SecretSealer sealer;
    private final ProviderCalls calls;
    private final OAuth2Settings settings;
    private final MailboxSettings mailboxes;
    private final Clock clock;
    private final OutboundGuard guard;
    private final ScheduledExecutorService polls = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "sign-in-device-polls");
        thread.setDaemon(true);
        return thread;
    });

    /** A sign-in just started, with the page to open where the flow has one (only here: it holds the state). */
    public record Started(SignIn signIn, URI authorizationUrl) {
    }

    /** What the callback tells the browser: whether the sign-in is done, in words. */
    public record CallbackOutcome(boolean signedIn, String message) {
    }

    SignIns(SignInBook book, SecretSealer sealer, ProviderCalls calls, OAuth2Settings settings,
            MailboxSettings mailboxes, Clock clock, OutboundGuard guard) {
        this.guard = guard;
        this.book = book;
        this.sealer = sealer;
        this.calls = calls;
        this.settings = settings;
        this.mailboxes = mailboxes;
        this.clock = clock;
    }

    @PreDestroy
    void stop() {
        polls.shutdownNow();
    }

    /** Starts a sign-in; the errors name the field of the request to fix. */
    public Started start(SignInRequest request) {
        SignIn.Flow flow = request.flow() != null ? request.flow()
                : request.provider() == OAuth2Provider.MICROSOFT ? SignIn.Flow.DEVICE : SignIn.Flow.CODE;
        if (flow == SignIn.Flow.DEVICE && request.provider() == OAuth2Provider.GOOGLE) {
            throw new InvalidFieldException("flow", "Google offers no device-code flow for mail: use code");
        }
        String tenant = request.provider() == OAuth2Provider.MICROSOFT
                ? (request.tenant() == null ? "common" : request.tenant()) : null;
        String scope = request.scope() != null ? request.scope()
                : ProviderEndpoints.defaultScope(request.provider(), false);
        String tokenEndpoint = null;
        if (request.provider() == OAuth2Provider.GENERIC) {
            if (scope == null || scope.isBlank()) {
                throw new InvalidFieldException("scope", "is required with provider generic");
            }
            tokenEndpoint = endpoint(request.tokenEndpoint(), "tokenEndpoint").toString();
        }
        URI token = ProviderEndpoints.token(request.provider(), tenant, tokenEndpoint, settings);
        String id = UUID.randomUUID().toString();
        Instant now = clock.instant();
        return flow == SignIn.Flow.DEVICE
                ? startDevice(id, request, tenant, scope, tokenEndpoint, token, now)
                : startCode(id, request, tenant, scope, tokenEndpoint, now);
    }

    private Started startDevice(String id, SignInRequest request, String tenant, String scope, String tokenEndpoint,
                                URI token, Instant now) {
        URI device = ProviderEndpoints.device(request.provider(), tenant,
                request.provider() == OAuth2Provider.GENERIC ? endpoint(request.deviceEndpoint(), "deviceEndpoint")
                        .toString() : null, settings);
        removeEnded();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", request.clientId());
        form.put("scope", scope);
        if (request.clientSecret() != null) {
            form.put("client_secret", request.clientSecret());
        }
        DeviceAuthorization answer;
        try {
            ProviderCalls.Answer response = calls.post(device, form);
            answer = DeviceAuthorization.parse(response.status(), response.body());
        } catch (java.net.UnknownHostException e) {
            // The caller's mistake (or a name gone), not an outage: retrying the same request cannot help.
            throw new InvalidFieldException(request.provider() == OAuth2Provider.GENERIC ? "deviceEndpoint" : "tenant",
                    "the device authorization endpoint's host " + LogText.of(device.getHost()) + " does not resolve");
        } catch (io.mailcellar.outbound.OutboundRefusedException e) {
            throw new InvalidFieldException("deviceEndpoint", LogText.of(e.getMessage()));
        } catch (IOException e) {
            throw new ProviderUnavailableException("the device authorization endpoint " + LogText.of(device.getHost())
                    + " could not be reached (" + LogText.of(e) + "); try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ProviderUnavailableException("interrupted while asking the provider for a device code");
        }
        if (!answer.ok()) {
            throw new InvalidFieldException("clientId", "the provider refused to start a device sign-in ("
                    + LogText.of(answer.error()) + (answer.errorDescription() == null ? ""
                    : ": " + LogText.of(cut(answer.errorDescription()))) + "); check the client id, tenant and "
                    + "that the application allows public client flows");
        }
        String sealed = sealer.seal(SealedFor.signIn(id),
                SignInSecrets.of(request.clientSecret(), null, answer.deviceCode()).toJson());
        SignIn signIn = new SignIn(SignIn.FORMAT, id, request.provider(), SignIn.Flow.DEVICE, request.clientId(),
                tenant, scope, tokenEndpoint, null, null, answer.userCode(), answer.verificationUri(),
                answer.interval(), SignIn.State.PENDING, null, now,
                now.plusSeconds(Math.max(60, answer.expiresIn())), sealed, null);
        book.put(signIn);
        LOG.infof("sign-in %s: device code issued by %s; waiting for the person (until %s)", id,
                LogText.of(device.getHost()), signIn.expiresAt());
        schedulePoll(id, token, answer.interval());
        return new Started(signIn, null);
    }

    private Started startCode(String id, SignInRequest request, String tenant, String scope, String tokenEndpoint,
                              Instant now) {
        String base = settings.redirectBaseUrl().orElseThrow(() -> new InvalidFieldException("flow",
                "code needs mailcellar.oauth.redirect-base-url, the https address a browser reaches this API at "
                        + "(the provider sends the person back to <it>" + CALLBACK_PATH + "); the operator sets it, "
                        + "or use flow device where the provider has one"));
        String redirectUri = stripSlash(base) + CALLBACK_PATH;
        URI authorization = ProviderEndpoints.authorization(request.provider(), tenant,
                request.provider() == OAuth2Provider.GENERIC
                        ? endpoint(request.authorizationEndpoint(), "authorizationEndpoint").toString() : null,
                settings);
        removeEnded();
        String state = Pkce.random();
        String verifier = Pkce.random();
        String sealed = sealer.seal(SealedFor.signIn(id),
                SignInSecrets.of(request.clientSecret(), verifier, null).toJson());
        SignIn signIn = new SignIn(SignIn.FORMAT, id, request.provider(), SignIn.Flow.CODE, request.clientId(),
                tenant, scope, tokenEndpoint, redirectUri, Pkce.stateHash(state), null, null, null,
                SignIn.State.PENDING, null, now, now.plus(settings.authorizationLifetime()), sealed, null);
        book.put(signIn);
        LOG.infof("sign-in %s: waiting for the person at %s (until %s)", id, LogText.of(authorization.getHost()),
                signIn.expiresAt());
        return new Started(signIn, AuthorizationUrl.of(authorization, request.clientId(), redirectUri, scope, state,
                Pkce.challenge(verifier), request.loginHint()));
    }

    /**
     * The provider sent the browser back. The state, single-use and valid until the sign-in expires, is what
     * authenticates this call; the code is exchanged with the PKCE verifier for the refresh token.
     */
    public CallbackOutcome callback(String state, String code, String error, String errorDescription) {
        if (state == null || state.isBlank()) {
            return new CallbackOutcome(false, "This address is missing its state. Start the sign-in again.");
        }
        Optional<SignIn> found = book.byStateHash(Pkce.stateHash(state));
        if (found.isEmpty() || !found.get().open(clock.instant())) {
            return new CallbackOutcome(false, "This sign-in is unknown, was already finished, or has expired. "
                    + "Start it again.");
        }
        SignIn signIn = found.get();
        if (error != null || code == null) {
            String why = (error == null ? "no code" : LogText.of(error))
                    + (errorDescription == null ? "" : ": " + LogText.of(cut(errorDescription)));
            book.put(signIn.failed("the provider did not sign the person in (" + why + ")"));
            LOG.infof("sign-in %s: the provider did not sign the person in (%s)", signIn.id(), why);
            return new CallbackOutcome(false, "The provider did not sign you in (" + why + "). Start again.");
        }
        SignInSecrets secrets = secrets(signIn);
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", signIn.redirectUri());
        form.put("client_id", signIn.clientId());
        form.put("code_verifier", secrets.codeVerifier());
        if (secrets.clientSecret() != null) {
            form.put("client_secret", secrets.clientSecret());
        }
        TokenAnswer answer = askToken(signIn, form);
        if (answer == null) {
            return new CallbackOutcome(false, "The provider's token endpoint could not be reached. Start again "
                    + "in a moment.");
        }
        return finish(signIn, secrets, answer)
                ? new CallbackOutcome(true, "You are signed in. You can close this window; mailcellar can now "
                + "back up this mailbox.")
                : new CallbackOutcome(false, "The sign-in did not complete: " + book.find(signIn.id())
                .map(SignIn::error).orElse("unknown") + ". Start again.");
    }

    /** Polls the token endpoint for a device sign-in until the person has signed in, refused, or it expired. */
    private void schedulePoll(String id, URI token, int seconds) {
        polls.schedule(() -> pollOnce(id, token), seconds, TimeUnit.SECONDS);
    }

    private void pollOnce(String id, URI token) {
        try {
            Optional<SignIn> found = book.find(id);
            if (found.isEmpty() || found.get().state() != SignIn.State.PENDING) {
                return;
            }
            SignIn signIn = found.get();
            if (!signIn.open(clock.instant())) {
                book.put(signIn.failed("the person did not sign in before " + signIn.expiresAt()));
                LOG.infof("sign-in %s: expired before the person signed in", id);
                return;
            }
            SignInSecrets secrets = secrets(signIn);
            Map<String, String> form = new LinkedHashMap<>();
            form.put("grant_type", DEVICE_GRANT);
            form.put("device_code", secrets.deviceCode());
            form.put("client_id", signIn.clientId());
            if (secrets.clientSecret() != null) {
                form.put("client_secret", secrets.clientSecret());
            }
            TokenAnswer answer = askToken(signIn, form);
            if (answer == null || "authorization_pending".equals(answer.error())) {
                schedulePoll(id, token, signIn.pollSeconds());
            } else if ("slow_down".equals(answer.error())) {
                // RFC 8628 §3.5: every later poll waits 5 seconds more.
                SignIn slower = signIn.polledEvery(signIn.pollSeconds() + 5);
                book.put(slower);
                schedulePoll(id, token, slower.pollSeconds());
            } else {
                finish(signIn, secrets, answer);
            }
        } catch (RuntimeException e) {
            // Kafka away, or a record that does not open: the poll is tried again while the sign-in is open.
            LOG.warnf("sign-in %s: polling the token endpoint failed (%s); trying again", id, LogText.of(e.getMessage()));
            polls.schedule(() -> pollOnce(id, token), 10, TimeUnit.SECONDS);
        }
    }

    /** The token endpoint's answer, or null when it could not be reached (the caller says what then). */
    private TokenAnswer askToken(SignIn signIn, Map<String, String> form) {
        URI token = ProviderEndpoints.token(signIn.provider(), signIn.tenant(), signIn.tokenEndpoint(), settings);
        try {
            ProviderCalls.Answer response = calls.post(token, form);
            return TokenAnswer.parse(response.status(), response.body());
        } catch (IOException e) {
            LOG.warnf("sign-in %s: the token endpoint %s could not be reached (%s)", signIn.id(),
                    LogText.of(token.getHost()), LogText.of(e));
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stores the refresh token, or the failure in the provider's words; whether the person is signed in. */
    private boolean finish(SignIn signIn, SignInSecrets secrets, TokenAnswer answer) {
        if (!answer.ok()) {
            String why = LogText.of(answer.error()) + (answer.errorDescription() == null ? ""
                    : ": " + LogText.of(cut(answer.errorDescription())));
            book.put(signIn.failed("the provider refused the sign-in (" + why + ")"));
            LOG.infof("sign-in %s: the provider refused it (%s)", signIn.id(), why);
            return false;
        }
        if (answer.refreshToken() == null) {
            book.put(signIn.failed("the provider gave no refresh token: ask for offline access (Microsoft: the "
                    + "offline_access scope; Google: a consent prompt, which mailcellar sends)"));
            LOG.infof("sign-in %s: the provider gave an access token but no refresh token", signIn.id());
            return false;
        }
        book.put(signIn.authorized(sealer.seal(SealedFor.signIn(signIn.id()),
                secrets.signedIn(answer.refreshToken()).toJson())));
        LOG.infof("sign-in %s: signed in; a registration can now name it", signIn.id());
        return true;
    }

    @Override
    public OAuth2Credentials credentials(String authorizationId) {
        SignIn signIn = book.find(authorizationId).orElseThrow(() -> new InvalidFieldException("auth.authorization",
                "names no sign-in (unknown, or removed a day after it ended): start one with "
                        + "POST /api/v1/oauth/authorizations"));
        String why = switch (signIn.state()) {
            case AUTHORIZED -> null;
            case PENDING -> signIn.open(clock.instant())
                    ? "is not finished: the person has not signed in yet (GET /api/v1/oauth/authorizations/"
                    + authorizationId + " says when)"
                    : "expired at " + signIn.expiresAt() + " before the person signed in: start a new one";
            case FAILED -> "failed (" + signIn.error() + "): start a new one";
            case USED -> "was already used by the registration of mailbox " + signIn.usedBy()
                    + ": start a new one";
        };
        if (why != null) {
            throw new InvalidFieldException("auth.authorization", why);
        }
        SignInSecrets secrets = secrets(signIn);
        return new OAuth2Credentials(1, signIn.provider(), signIn.clientId(), secrets.clientSecret(),
                secrets.refreshToken(), signIn.tenant(), signIn.tokenEndpoint(), signIn.scope());
    }

    @Override
    public void used(String authorizationId, String mailboxId) {
        book.find(authorizationId).ifPresent(signIn -> book.put(signIn.used(mailboxId)));
    }

    public Optional<SignIn> find(String id) {
        return book.find(id);
    }

    public Instant now() {
        return clock.instant();
    }

    private SignInSecrets secrets(SignIn signIn) {
        return SignInSecrets.fromJson(signIn.id(), sealer.open(SealedFor.signIn(signIn.id()), signIn.sealed()));
    }

    /**
     * Sign-ins that ended more than a day ago have served their purpose; a finished one that no registration
     * took is dropped after a week, with the refresh token it holds.
     */
    private void removeEnded() {
        Instant now = clock.instant();
        for (SignIn signIn : book.all()) {
            Duration kept = signIn.state() == SignIn.State.AUTHORIZED ? KEEP_UNCLAIMED : KEEP_ENDED;
            if (signIn.expiresAt().plus(kept).isBefore(now)) {
                book.remove(signIn.id());
            }
        }
    }

    private URI endpoint(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new InvalidFieldException(field, "is required with provider generic");
        }
        URI uri;
        try {
            uri = URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException(field, "is not a URL");
        }
        boolean https = "https".equalsIgnoreCase(uri.getScheme());
        if (uri.getHost() == null || !https && !"http".equalsIgnoreCase(uri.getScheme())) {
            throw new InvalidFieldException(field, "must be an https URL");
        }
        if (!https && !mailboxes.allowInsecure()) {
            throw new InvalidFieldException(field, "must be https: client secrets and tokens go to it (an operator "
                    + "can allow http with mailcellar.mail.allow-insecure=true)");
        }
        guard.refusal(uri.getHost()).ifPresent(refusal -> {
            throw new InvalidFieldException(field, refusal);
        });
        return uri;
    }

    private static String stripSlash(String base) {
        return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    private static String cut(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** The provider could not be reached to start a sign-in: a 503 that says to try again. */
    public static final class ProviderUnavailableException extends io.mailcellar.api.UnavailableException {
        ProviderUnavailableException(String message) {
            super(message);
        }
    }
}
