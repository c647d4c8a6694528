package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What an {@code oauth2} or {@code oauth2-app} mailbox needs to get access
 * tokens. Sealed whole, as one secret (format 1), in the registration: the
 * client secret and the refresh token never leave it in clear.
 *
 * @param refreshToken null for {@code oauth2-app}, which uses the client-credentials grant
 * @param tokenEndpoint null unless the provider is {@code generic}
 * @param scope null for the provider's default
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OAuth2Credentials(int format, OAuth2Provider provider, String clientId, String clientSecret,
                                String refreshToken, String tenant, String tokenEndpoint, String scope) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** The same credentials with the refresh token the provider gave in its place. */
    public OAuth2Credentials withRefreshToken(String rotated) {
        return new OAuth2Credentials(format, provider, clientId, clientSecret, rotated, tenant, tokenEndpoint, scope);
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("OAuth2 credentials could not be written", e);
        }
    }

    /** The credentials from their opened seal. */
    public static OAuth2Credentials fromJson(String mailboxId, String json) {
        try {
            OAuth2Credentials credentials = JSON.readValue(json, OAuth2Credentials.class);
            if (credentials.format() != 1) {
                throw new IllegalStateException("mailbox " + mailboxId + ": OAuth2 credentials of format "
                        + credentials.format() + ", which this version cannot read");
            }
            return credentials;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("mailbox " + mailboxId + ": the sealed OAuth2 credentials are not "
                    + "readable (" + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "OAuth2Credentials[provider=" + provider + ", clientId=" + clientId + ", secrets=<redacted>]";
    }
}
