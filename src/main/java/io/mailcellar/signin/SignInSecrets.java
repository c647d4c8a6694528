package io.mailcellar.signin;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What a sign-in keeps sealed (format 1): the client secret, the code flow's
 * PKCE verifier, the device flow's device code, and once the person signed
 * in, the refresh token.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record SignInSecrets(int format, String clientSecret, String codeVerifier, String deviceCode, String refreshToken) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    static SignInSecrets of(String clientSecret, String codeVerifier, String deviceCode) {
        return new SignInSecrets(1, clientSecret, codeVerifier, deviceCode, null);
    }

    /** Signed in: the refresh token kept, what got it dropped. */
    SignInSecrets signedIn(String token) {
        return new SignInSecrets(format, clientSecret, null, null, token);
    }

    String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sign-in secrets could not be written", e);
        }
    }

    static SignInSecrets fromJson(String signInId, String json) {
        try {
            SignInSecrets secrets = JSON.readValue(json, SignInSecrets.class);
            if (secrets.format() != 1) {
                throw new IllegalStateException("sign-in " + signInId + ": secrets of format " + secrets.format()
                        + ", which this version cannot read");
            }
            return secrets;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("sign-in " + signInId + ": the sealed secrets are not readable ("
                    + e.getOriginalMessage() + ")");
        }
    }

    @Override
    public String toString() {
        return "SignInSecrets[<redacted>]";
    }
}
