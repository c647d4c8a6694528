package io.mailcellar.signin;

import io.mailcellar.mailbox.OAuth2Provider;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** {@code POST /api/v1/oauth/authorizations}: whose sign-in to start, for which OAuth client. */
@Schema(name = "SignInRequest")
public record SignInRequest(
        @Schema(required = true, enumeration = {"google", "microsoft", "generic"}) @NotNull OAuth2Provider provider,
        @Schema(description = "device (a code typed at the provider's page; Microsoft's default) or code (the "
                + "browser comes back to mailcellar's callback; Google's and generic's default, and it needs "
                + "mailcellar.oauth.redirect-base-url)", enumeration = {"device", "code"})
        SignIn.Flow flow,
        @Schema(required = true, description = "the OAuth client (application) id") @NotBlank @Size(max = 512)
        String clientId,
        @Schema(description = "where the client has one", writeOnly = true) @Size(max = 8192) String clientSecret,
        @Schema(description = "microsoft: the directory (tenant) id or domain; defaults to common")
        @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a tenant id or domain name")
        String tenant,
        @Schema(description = "generic: required; google and microsoft: defaults to the mail scopes")
        @Size(max = 2048) String scope,
        @Schema(description = "generic with flow code: the authorization endpoint") @Size(max = 2048)
        String authorizationEndpoint,
        @Schema(description = "generic with flow device: the device authorization endpoint") @Size(max = 2048)
        String deviceEndpoint,
        @Schema(description = "generic: the token endpoint") @Size(max = 2048) String tokenEndpoint,
        @Schema(description = "the account's address, to preselect it at the provider") @Size(max = 320)
        String loginHint) {

    @Override
    public String toString() {
        return "SignInRequest[provider=" + provider + ", flow=" + flow + ", clientId=" + clientId + "]";
    }
}
