package io.mailcellar.mail.oauth;

import io.mailcellar.mailbox.OAuth2Credentials;
import io.mailcellar.mailbox.OAuth2Provider;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.mailcellar.testsupport.TestOAuth2Settings;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRequestTest {

    private static final OAuth2Settings SETTINGS = TestOAuth2Settings.defaults();

    @Test
    void googleRefreshesWithTheGrantedScopes() {
        TokenRequest request = TokenRequest.of(new OAuth2Credentials(1, OAuth2Provider.GOOGLE, "client.apps",
                "s3cret", "1//refresh", null, null, null), SETTINGS);

        assertThat(request.endpoint()).hasToString("https://oauth2.googleapis.com/token");
        assertThat(request.form()).containsEntry("grant_type", "refresh_token")
                .containsEntry("refresh_token", "1//refresh").containsEntry("client_id", "client.apps")
                .containsEntry("client_secret", "s3cret").doesNotContainKey("scope");
        assertThat(request.body()).isEqualTo("client_id=client.apps&client_secret=s3cret"
                + "&grant_type=refresh_token&refresh_token=1%2F%2Frefresh");
        assertThat(request.toString()).doesNotContain("1//refresh", "s3cret");
    }

    @Test
    void microsoftUsesTheTenantAndOutlooksScopesAndAPublicClientSendsNoSecret() {
        TokenRequest request = TokenRequest.of(new OAuth2Credentials(1, OAuth2Provider.MICROSOFT, "app-id", null,
                "M.refresh", "common", null, null), SETTINGS);

        assertThat(request.endpoint()).hasToString("https://login.microsoftonline.com/common/oauth2/v2.0/token");
        assertThat(request.form()).doesNotContainKey("client_secret")
                .containsEntry("scope", "https://outlook.office.com/IMAP.AccessAsUser.All "
                        + "https://outlook.office.com/POP.AccessAsUser.All offline_access");
    }

    @Test
    void appOnlyAccessIsTheClientCredentialsGrantForOffice365() {
        TokenRequest request = TokenRequest.of(new OAuth2Credentials(1, OAuth2Provider.MICROSOFT, "app-id", "secret",
                null, "contoso.onmicrosoft.com", null, null), SETTINGS);

        assertThat(request.endpoint().getPath()).isEqualTo("/contoso.onmicrosoft.com/oauth2/v2.0/token");
        assertThat(request.form()).containsEntry("grant_type", "client_credentials")
                .containsEntry("scope", "https://outlook.office365.com/.default").doesNotContainKey("refresh_token");
    }

    @Test
    void aGenericProviderNamesItsOwnEndpointAndScope() {
        TokenRequest request = TokenRequest.of(new OAuth2Credentials(1, OAuth2Provider.GENERIC, "c", null, "r",
                null, "https://id.example.test/token", "mail offline"), SETTINGS);

        assertThat(request.endpoint()).hasToString("https://id.example.test/token");
        assertThat(new String(request.body().getBytes(StandardCharsets.US_ASCII), StandardCharsets.US_ASCII))
                .contains("scope=mail+offline");
    }
}
