package io.mailcellar.signin;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.mailcellar.mailbox.OAuth2Provider;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/** A sign-in as the API shows it: what the person must do, and how far it is. No secret is ever in it. */
@Schema(name = "SignIn")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SignInView(
        String id,
        OAuth2Provider provider,
        @Schema(enumeration = {"device", "code"}) SignIn.Flow flow,
        @Schema(description = "pending (waiting for the person), authorized (register a mailbox with "
                + "auth {type: oauth2, authorization: <id>}), failed, expired, or used (a registration took it)",
                enumeration = {"pending", "authorized", "failed", "expired", "used"})
        String state,
        @Schema(description = "device: the code the person types at verificationUri") String userCode,
        @Schema(description = "device: the provider's page where the person types userCode") String verificationUri,
        @Schema(description = "code: the page the person opens to sign in; only in the answer that started it, "
                + "since it holds the single-use state") String authorizationUrl,
        @Schema(description = "failed: why, in the provider's words where it gave any") String error,
        Instant createdAt,
        @Schema(description = "when a pending sign-in expires") Instant expiresAt) {

    static SignInView of(SignIn signIn, Instant now, String authorizationUrl) {
        String state = signIn.state() == SignIn.State.PENDING && !now.isBefore(signIn.expiresAt()) ? "expired"
                : switch (signIn.state()) {
                    case PENDING -> "pending";
                    case AUTHORIZED -> "authorized";
                    case FAILED -> "failed";
                    case USED -> "used";
                };
        return new SignInView(signIn.id(), signIn.provider(), signIn.flow(), state, signIn.userCode(),
                signIn.verificationUri(), authorizationUrl, signIn.error(), signIn.createdAt(), signIn.expiresAt());
    }
}
