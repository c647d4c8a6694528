package io.mailcellar.mail.oauth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Set;

/**
 * What a token endpoint answered (RFC 6749 §5.1 and §5.2). Pure.
 *
 * @param expiresIn seconds the access token lives; 0 when the provider did not say
 * @param refreshToken a new refresh token when the provider rotates them, else null
 * @param error the OAuth error code, null on success
 */
public record TokenAnswer(String accessToken, long expiresIn, String refreshToken, String error, String errorDescription) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Errors that no retry mends: a person must sign in again, or the registration be corrected. */
    private static final Set<String> NEEDS_A_PERSON = Set.of("invalid_grant", "invalid_client", "unauthorized_client");

    public static TokenAnswer parse(int status, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return new TokenAnswer(null, 0, null, "http_" + status, "the answer is not a JSON object");
        }
        String error = text(json, "error");
        String accessToken = text(json, "access_token");
        if (status / 100 == 2 && error == null && accessToken == null) {
            error = "no_access_token";
        }
        if (status / 100 != 2 && error == null) {
            error = "http_" + status;
        }
        if (error != null) {
            return new TokenAnswer(null, 0, null, error, text(json, "error_description"));
        }
        return new TokenAnswer(accessToken, Math.max(0, json.path("expires_in").asLong(0)),
                text(json, "refresh_token"), null, null);
    }

    public boolean ok() {
        return error == null;
    }

    /** The grant or the client is refused for good: trying again cannot help. */
    public boolean needsAPerson() {
        return error != null && NEEDS_A_PERSON.contains(error);
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    @Override
    public String toString() {
        return "TokenAnswer[expiresIn=" + expiresIn + ", rotated=" + (refreshToken != null) + ", error=" + error + "]";
    }
}
