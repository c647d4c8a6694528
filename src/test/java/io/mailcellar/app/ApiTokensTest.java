package io.mailcellar.app;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    private record Settings(Map<String, String> tokens, Map<String, String> tokenRoles) implements ApiSettings {
        @Override
        public int maxMailboxes() {
            return 10;
        }

        @Override
        public Oidc oidc() {
            return null;
        }
    }

    private static ApiTokens tokens(Map<String, String> configured, Map<String, String> roles) {
        return new ApiTokens(new Settings(configured, roles));
    }

    @Test
    void matchesEachConfiguredTokenByNameWithItsRole() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("admin", "0123456789abcdef0123");
        configured.put("dashboard", "fedcba9876543210fedc");
        ApiTokens tokens = tokens(configured, Map.of("admin", "admin", "dashboard", " Reader "));

        assertThat(tokens.match("0123456789abcdef0123")).contains(new ApiTokens.Caller("admin", ApiRole.ADMIN));
        assertThat(tokens.match("fedcba9876543210fedc")).contains(new ApiTokens.Caller("dashboard", ApiRole.READER));
        assertThat(tokens.match("0123456789abcdef012")).isEmpty();
        assertThat(tokens.match("")).isEmpty();
        assertThat(tokens.isEmpty()).isFalse();
    }

    @Test
    void blankTokensCountAsNone() {
        assertThat(tokens(Map.of("unset", " "), Map.of()).isEmpty()).isTrue();
        assertThat(tokens(Map.of(), Map.of()).isEmpty()).isTrue();
    }

    @Test
    void refusesAShortTokenNamingIt() {
        assertThatThrownBy(() -> tokens(Map.of("weak", "secret"), Map.of("weak", "admin")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mailcellar.api.tokens.weak")
                .hasMessageContaining("16 characters");
    }

    @Test
    void noRightsAreImplicitATokenWithoutARoleOrWithAnUnknownOneStopsTheStart() {
        assertThatThrownBy(() -> tokens(Map.of("ci", "0123456789abcdef0123"), Map.of()))
                .hasMessage("API token mailcellar.api.tokens.ci has no role: set mailcellar.api.token-roles.ci "
                        + "(environment MAILCELLAR_API_TOKEN_ROLES_CI) to reader, operator or admin");
        assertThatThrownBy(() -> tokens(Map.of("ci", "0123456789abcdef0123"), Map.of("ci", "root")))
                .hasMessage("mailcellar.api.token-roles.ci is 'root'; use reader, operator or admin");
        assertThatThrownBy(() -> tokens(Map.of("ci", "0123456789abcdef0123"), Map.of("ci", "admin", "cj", "reader")))
                .hasMessageContaining("mailcellar.api.token-roles names no token: [cj]");
    }

    @Test
    void eachRoleIncludesTheOnesBelowIt() {
        assertThat(ApiRole.READER.grants()).containsExactly("reader");
        assertThat(ApiRole.OPERATOR.grants()).containsExactlyInAnyOrder("reader", "operator");
        assertThat(ApiRole.ADMIN.grants()).containsExactlyInAnyOrder("reader", "operator", "admin");
        assertThat(ApiRole.strongestOf(java.util.List.of("offline_access", "operator", "reader")))
                .contains(ApiRole.OPERATOR);
        assertThat(ApiRole.strongestOf(java.util.List.of("uma_authorization"))).isEmpty();
    }

    @Test
    void eachTokenHasItsOwnSessionKeyWhichChangesWithItsValueAndIsNotTheToken() {
        ApiTokens first = tokens(Map.of("ops", "0123456789abcdef0123", "viewer", "fedcba9876543210fedc"),
                Map.of("ops", "operator", "viewer", "reader"));
        ApiTokens rotated = tokens(Map.of("ops", "0123456789abcdef9999"), Map.of("ops", "operator"));

        ApiTokens.Session ops = first.session("ops").orElseThrow();
        assertThat(ops.caller()).isEqualTo(new ApiTokens.Caller("ops", ApiRole.OPERATOR));
        assertThat(ops.key()).hasSize(32).isNotEqualTo(first.session("viewer").orElseThrow().key())
                .isNotEqualTo("0123456789abcdef0123".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(rotated.session("ops").orElseThrow().key()).as("a rotated token's sessions end")
                .isNotEqualTo(ops.key());
        assertThat(first.session("nobody")).isEmpty();
    }
}
