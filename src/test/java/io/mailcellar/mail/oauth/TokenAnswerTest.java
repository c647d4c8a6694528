package io.mailcellar.mail.oauth;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class TokenAnswerTest {

    private static TokenAnswer parse(int status, String body) {
        return TokenAnswer.parse(status, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aTokenWithItsLifetimeAndARotatedRefreshToken() {
        TokenAnswer answer = parse(200, """
                {"token_type": "Bearer", "access_token": "ya29.a", "expires_in": 3599, "refresh_token": "new"}""");

        assertThat(answer.ok()).isTrue();
        assertThat(answer.accessToken()).isEqualTo("ya29.a");
        assertThat(answer.expiresIn()).isEqualTo(3599);
        assertThat(answer.refreshToken()).isEqualTo("new");
        assertThat(answer.toString()).doesNotContain("ya29.a", "new\"");
    }

    @Test
    void aRefusedGrantNeedsAPersonAndAServerErrorDoesNot() {
        TokenAnswer revoked = parse(400, """
                {"error": "invalid_grant", "error_description": "Token has been expired or revoked."}""");
        assertThat(revoked.ok()).isFalse();
        assertThat(revoked.needsAPerson()).isTrue();
        assertThat(revoked.errorDescription()).isEqualTo("Token has been expired or revoked.");

        assertThat(parse(401, "{\"error\": \"invalid_client\"}").needsAPerson()).isTrue();
        TokenAnswer busy = parse(503, "<html>Service Unavailable</html>");
        assertThat(busy.ok()).isFalse();
        assertThat(busy.needsAPerson()).isFalse();
        assertThat(busy.error()).isEqualTo("http_503");
        assertThat(parse(500, "{}").error()).isEqualTo("http_500");
    }

    @Test
    void aSuccessWithoutATokenIsAnError() {
        assertThat(parse(200, "{\"token_type\": \"Bearer\"}").error()).isEqualTo("no_access_token");
        assertThat(parse(200, "[]").ok()).isFalse();
    }
}
