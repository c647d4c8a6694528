package io.mailcellar.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LogTextTest {

    @Test
    void lineBreaksAndControlCharactersCannotStartANewLogLine() {
        assertThat(LogText.of("Inbox\r\n2026-12-03 ERROR forged\u001b[2J\u0000"))
                .isEqualTo("Inbox\\r\\n2026-12-03 ERROR forged\\u001b[2J\\u0000")
                .doesNotContain("\n", "\r");
    }

    @Test
    void unicodeLineSeparatorsAndInvisibleFormatCharactersAreShown() {
        assertThat(LogText.of("a\u2028b\u202ec")).isEqualTo("a\\u2028b\\u202ec");
    }

    @Test
    void ordinaryTextIsLeftAsItIs() {
        assertThat(LogText.of("Été/Entwürfe \"quoted\"")).isEqualTo("Été/Entwürfe \"quoted\"");
        assertThat(LogText.of("back\\slash")).isEqualTo("back\\\\slash");
        assertThat(LogText.of(null)).isEqualTo("null");
    }

    @Test
    void longTextIsCutWithAMark() {
        assertThat(LogText.of("x".repeat(600))).isEqualTo("x".repeat(500) + "…(100 more characters)");
    }
}
