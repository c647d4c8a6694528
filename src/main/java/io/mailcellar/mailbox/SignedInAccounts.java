package io.mailcellar.mailbox;

/**
 * Accounts a person signed in to through mailcellar itself
 * ({@code POST /api/v1/oauth/authorizations}), by the sign-in's id: a
 * registration names the id, and the refresh token it obtained never passes
 * through the client.
 */
public interface SignedInAccounts {

    /**
     * The credentials the finished sign-in obtained; an
     * {@link io.mailcellar.api.InvalidFieldException} on {@code auth.authorization}
     * that says why not when it is unknown, not finished, failed, expired or used.
     */
    OAuth2Credentials credentials(String authorizationId);

    /** The registration of {@code mailboxId} now holds the sign-in's credentials: it cannot be used again. */
    void used(String authorizationId, String mailboxId);
}
