package io.mailcellar.signin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mailcellar.mailbox.OAuth2Provider;

import java.time.Instant;

/**
 * A sign-in to a mail provider started through mailcellar, in the compacted
 * {@code oauth-authorizations} topic by its id, so that any api instance can
 * serve its callback and any registration can name it. What must stay secret
 * (the client secret, the PKCE verifier, the device code and, once signed in,
 * the refresh token) is sealed in {@code sealed}; the callback's {@code state}
 * is kept only as its SHA-256. Versioned by {@code format}.
 *
 * @param stateHash   the code flow's state, hashed: the callback finds the sign-in by it
 * @param pollSeconds the device flow's polling interval, as the provider asks
 * @param sealed      {@link SignInSecrets} sealed for the sign-in; null once it was used or failed
 * @param usedBy      the mailbox whose registration took the sign-in's credentials
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignIn(int format, String id, OAuth2Provider provider, Flow flow, String clientId, String tenant,
                     String scope, String tokenEndpoint, String redirectUri, String stateHash, String userCode,
                     String verificationUri, Integer pollSeconds, State state, String error, Instant createdAt,
                     Instant expiresAt, String sealed, String usedBy) {

    public static final int FORMAT = 1;

    /** How the person signs in. */
    public enum Flow {
        /** RFC 8628: a code the person types at the provider's page, from any device. */
        @JsonProperty("device") DEVICE,
        /** RFC 6749 §4.1 with PKCE: the provider's page sends the browser back to mailcellar's callback. */
        @JsonProperty("code") CODE
    }

    public enum State {
        @JsonProperty("pending") PENDING,
        @JsonProperty("authorized") AUTHORIZED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("used") USED
    }

    /** Whether the person can still finish it. */
    public boolean open(Instant now) {
        return state == State.PENDING && now.isBefore(expiresAt);
    }

    public SignIn authorized(String newSealed) {
        return with(State.AUTHORIZED, null, newSealed);
    }

    public SignIn failed(String why) {
        return with(State.FAILED, why, null);
    }

    public SignIn used(String mailboxId) {
        return new SignIn(format, id, provider, flow, clientId, tenant, scope, tokenEndpoint, redirectUri, stateHash,
                userCode, verificationUri, pollSeconds, State.USED, null, createdAt, expiresAt, null, mailboxId);
    }

    public SignIn polledEvery(int seconds) {
        return new SignIn(format, id, provider, flow, clientId, tenant, scope, tokenEndpoint, redirectUri, stateHash,
                userCode, verificationUri, seconds, state, error, createdAt, expiresAt, sealed, usedBy);
    }

    public SignIn resealed(String newSealed) {
        return with(state, error, newSealed);
    }

    private SignIn with(State newState, String why, String newSealed) {
        return new SignIn(format, id, provider, flow, clientId, tenant, scope, tokenEndpoint, redirectUri, stateHash,
                userCode, verificationUri, pollSeconds, newState, why, createdAt, expiresAt, newSealed, usedBy);
    }

    @Override
    public String toString() {
        return "SignIn[id=" + id + ", provider=" + provider + ", flow=" + flow + ", state=" + state + "]";
    }
}
