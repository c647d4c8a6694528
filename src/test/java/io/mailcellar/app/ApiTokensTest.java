package io.mailcellar.app;

import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ApiTokensTest {

    private static ApiTokens tokens(Map<String, String> configured) {
        return new ApiTokens(() -> configured);
    }

    @Test
    void matchesEachConfiguredTokenByName() {
        Map<String, String> configured = new LinkedHashMap<>();
        configured.put("admin", "0123456789abcdef0123");
        configured.put("next", "fedcba9876543210fedc");
        ApiTokens tokens = tokens(configured);

        assertThat(tokens.match("0123456789abcdef0123")).contains("admin");
        assertThat(tokens.match("fedcba9876543210fedc")).contains("next");
        assertThat(tokens.match("0123456789abcdef012")).isEmpty();
        assertThat(tokens.match("")).isEmpty();
        assertThat(tokens.isEmpty()).isFalse();
    }

    @Test
    void blankTokensCountAsNone() {
        assertThat(tokens(Map.of("unset", " ")).isEmpty()).isTrue();
        assertThat(tokens(Map.of()).isEmpty()).isTrue();
    }

    @Test
    void refusesAShortTokenNamingIt() {
        assertThatThrownBy(() -> tokens(Map.of("weak", "secret")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mailcellar.api.tokens.weak")
                .hasMessageContaining("16 characters");
    }
}
