package io.mailcellar.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The provider page a person opens for the code flow: the client, where to
 * come back to, the scope, the state and the PKCE challenge; {@code
 * access_type=offline} and {@code prompt=consent}, without which Google gives
 * no refresh token on a second sign-in. Pure.
 */
final class AuthorizationUrl {

    private AuthorizationUrl() {
    }

    static URI of(URI endpoint, String clientId, String redirectUri, String scope, String state, String challenge,
                  String loginHint) {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", clientId);
        query.put("redirect_uri", redirectUri);
        query.put("scope", scope);
        query.put("state", state);
        query.put("code_challenge", challenge);
        query.put("code_challenge_method", "S256");
        query.put("access_type", "offline");
        query.put("prompt", "consent");
        if (loginHint != null) {
            query.put("login_hint", loginHint);
        }
        String encoded = query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)
                        .replace("+", "%20"))
                .collect(Collectors.joining("&"));
        String base = endpoint.toString();
        return URI.create(base + (base.contains("?") ? "&" : "?") + encoded);
    }
}
