package io.mailcellar.mailbox;

import jakarta.mail.AuthenticationFailedException;

/**
 * The identity provider no longer accepts the mailbox's grant
 * ({@code invalid_grant}, {@code unauthorized_client}): trying again cannot
 * help until a person signs in again and the registration gets the new
 * credentials, so the mailbox is not retried until then.
 */
public class RevokedCredentialsException extends AuthenticationFailedException {

    public RevokedCredentialsException(String message) {
        super(message);
    }
}
