package io.mailcellar.signin;

import io.mailcellar.kafka.StoredJson;
import io.mailcellar.mailbox.OAuth2Provider;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The sign-in record as stored (pinned by a golden file), and the pure parts of the flows. */
class SignInFormatsTest {

    private static final Instant CREATED = Instant.parse("2026-12-05T09:00:00Z");

    @Test
    void aSignInAsStoredInTheTopic() throws Exception {
        SignIn signIn = new SignIn(SignIn.FORMAT, "0b8f3c52-1d1e-4b7a-9a51-6f0c2d7e4a10", OAuth2Provider.MICROSOFT,
                SignIn.Flow.DEVICE, "app-id", "contoso.example", "offline_access", null, null, null, "ABCD-EFGH",
                "https://login.example.test/device", 5, SignIn.State.PENDING, null, CREATED,
                CREATED.plusSeconds(900), "v2.k1.c2VhbGVk", null);

        String json = StoredJson.mapper().writeValueAsString(signIn);

        GoldenFiles.assertWritten("sign-in.json", json);
        assertThat(StoredJson.mapper().readValue(GoldenFiles.read("sign-in.json"), SignIn.class)).isEqualTo(signIn);
    }

    @Test
    void theS256ChallengeIsRfc7636sExample() {
        assertThat(Pkce.challenge("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"))
                .isEqualTo("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        assertThat(Pkce.random()).hasSize(43).matches("[A-Za-z0-9_-]+").isNotEqualTo(Pkce.random());
        assertThat(Pkce.stateHash("state")).hasSize(64).isNotEqualTo(Pkce.stateHash("other"));
    }

    @Test
    void theAuthorizationUrlCarriesStateChallengeAndOfflineConsent() {
        URI url = AuthorizationUrl.of(URI.create("https://id.example.test/authorize"), "client id",
                "https://backup.example.test/api/v1/oauth/callback", "https://mail.google.com/", "st&ate", "chal",
                "alice@example.test");

        assertThat(url.getRawQuery()).isEqualTo("response_type=code&client_id=client%20id"
                + "&redirect_uri=https%3A%2F%2Fbackup.example.test%2Fapi%2Fv1%2Foauth%2Fcallback"
                + "&scope=https%3A%2F%2Fmail.google.com%2F&state=st%26ate&code_challenge=chal"
                + "&code_challenge_method=S256&access_type=offline&prompt=consent&login_hint=alice%40example.test");
        assertThat(AuthorizationUrl.of(URI.create("https://id.example.test/authorize?tenant=x"), "c", "r", "s", "t",
                "h", null).getRawQuery()).startsWith("tenant=x&response_type=code").doesNotContain("login_hint");
    }

    @Test
    void aDeviceAnswerGivesTheCodeAndWhereToTypeIt() {
        DeviceAuthorization ok = DeviceAuthorization.parse(200, bytes("""
                {"device_code": "dc", "user_code": "ABCD-EFGH", "verification_uri": "https://id.example.test/device",
                 "expires_in": 900, "interval": 7}"""));
        assertThat(ok.ok()).isTrue();
        assertThat(ok).extracting(DeviceAuthorization::userCode, DeviceAuthorization::verificationUri,
                DeviceAuthorization::expiresIn, DeviceAuthorization::interval)
                .containsExactly("ABCD-EFGH", "https://id.example.test/device", 900L, 7);
        assertThat(ok.toString()).doesNotContain("dc");

        assertThat(DeviceAuthorization.parse(200, bytes("{\"device_code\": \"dc\", \"user_code\": \"U\", "
                + "\"verification_url\": \"https://old.example.test\"}")).interval()).isEqualTo(5);
        assertThat(DeviceAuthorization.parse(400, bytes("{\"error\": \"invalid_client\", "
                + "\"error_description\": \"AADSTS7000218\"}"))).extracting(DeviceAuthorization::error,
                DeviceAuthorization::errorDescription).containsExactly("invalid_client", "AADSTS7000218");
        assertThat(DeviceAuthorization.parse(502, bytes("<html>bad gateway</html>")).error()).isEqualTo("http_502");
        assertThat(DeviceAuthorization.parse(200, bytes("{\"user_code\": \"U\"}")).error()).isEqualTo("invalid_answer");
    }

    @Test
    void aPendingSignInPastItsTimeIsShownExpired() {
        SignIn pending = new SignIn(SignIn.FORMAT, "id", OAuth2Provider.GOOGLE, SignIn.Flow.CODE, "c", null, "s",
                null, "r", "h", null, null, null, SignIn.State.PENDING, null, CREATED, CREATED.plusSeconds(600),
                "v2.k1.x", null);

        assertThat(SignInView.of(pending, CREATED.plusSeconds(599), null).state()).isEqualTo("pending");
        assertThat(SignInView.of(pending, CREATED.plusSeconds(600), null).state()).isEqualTo("expired");
        assertThat(SignInView.of(pending.used("mb-1"), CREATED, null).state()).isEqualTo("used");
        assertThat(pending.used("mb-1").sealed()).as("nothing secret kept once used").isNull();
        assertThat(pending.failed("refused").sealed()).isNull();
    }

    @Test
    void theCallbackPageShowsTheProvidersWordsAsText() {
        String page = SignInCallbackResource.page(new SignIns.CallbackOutcome(false,
                "The provider did not sign you in (<script>alert(1)</script>)."));

        assertThat(page).contains("&lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
