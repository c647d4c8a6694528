package io.mailcellar.signin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * A device authorization endpoint's answer (RFC 8628 §3.2): the code the
 * person types, where, and how the device code is then polled. Pure.
 *
 * @param error null on success; else the OAuth error, or {@code http_<status>}
 */
record DeviceAuthorization(String deviceCode, String userCode, String verificationUri, long expiresIn,
                           int interval, String error, String errorDescription) {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** RFC 8628's default when the provider does not say. */
    private static final int DEFAULT_INTERVAL = 5;

    static DeviceAuthorization parse(int status, byte[] body) {
        JsonNode json;
        try {
            json = JSON.readTree(body);
        } catch (IOException e) {
            json = null;
        }
        if (json == null || !json.isObject()) {
            return failure("http_" + status, "the answer is not a JSON object");
        }
        if (status / 100 != 2 || json.hasNonNull("error")) {
            return failure(json.hasNonNull("error") ? json.get("error").asText() : "http_" + status,
                    json.path("error_description").asText(null));
        }
        String deviceCode = json.path("device_code").asText(null);
        String userCode = json.path("user_code").asText(null);
        // RFC 8628 says verification_uri; Google's older endpoint said verification_url.
        String uri = json.hasNonNull("verification_uri") ? json.get("verification_uri").asText()
                : json.path("verification_url").asText(null);
        if (deviceCode == null || userCode == null || uri == null) {
            return failure("invalid_answer", "device_code, user_code or verification_uri is missing");
        }
        int interval = json.path("interval").asInt(DEFAULT_INTERVAL);
        return new DeviceAuthorization(deviceCode, userCode, uri, json.path("expires_in").asLong(600),
                Math.max(1, interval), null, null);
    }

    private static DeviceAuthorization failure(String error, String description) {
        return new DeviceAuthorization(null, null, null, 0, 0, error, description);
    }

    boolean ok() {
        return error == null;
    }

    @Override
    public String toString() {
        return "DeviceAuthorization[userCode=" + userCode + ", error=" + error + "]";
    }
}
