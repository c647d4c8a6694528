package io.mailcellar.mailbox;

import io.mailcellar.api.InvalidFieldException;

import java.util.HashMap;
import java.util.Map;

/** Finished sign-ins a unit test sets up by id; any other id is refused as the service refuses it. */
final class TestSignedInAccounts implements SignedInAccounts {

    private final Map<String, OAuth2Credentials> finished = new HashMap<>();
    private final Map<String, String> usedBy = new HashMap<>();

    TestSignedInAccounts with(String id, OAuth2Credentials credentials) {
        finished.put(id, credentials);
        return this;
    }

    @Override
    public OAuth2Credentials credentials(String authorizationId) {
        if (usedBy.containsKey(authorizationId)) {
            throw new InvalidFieldException("auth.authorization", "was already used");
        }
        OAuth2Credentials credentials = finished.get(authorizationId);
        if (credentials == null) {
            throw new InvalidFieldException("auth.authorization", "names no sign-in");
        }
        return credentials;
    }

    @Override
    public void used(String authorizationId, String mailboxId) {
        usedBy.put(authorizationId, mailboxId);
    }

    String usedBy(String authorizationId) {
        return usedBy.get(authorizationId);
    }
}
