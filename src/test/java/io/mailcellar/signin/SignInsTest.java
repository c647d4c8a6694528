package io.mailcellar.signin;

import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.mailbox.OAuth2Provider;
import io.mailcellar.testsupport.TestOAuth2Settings;
import org.junit.jupiter.api.Test;

import java.time.Clock;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The requests refused before anything is sent or stored, each naming the field to fix. */
class SignInsTest {

    // No book, sealer or HTTP client: every case here must be refused before it would reach them.
    private final SignIns signIns = new SignIns(null, null, null, TestOAuth2Settings.defaults(),
            new io.mailcellar.mailbox.TestMailboxSettings(false), Clock.systemUTC(),
            io.mailcellar.testsupport.TestOutbound.resolving(java.util.Map.of("idp.internal.test", "10.20.0.5")));

    @Test
    void googleHasNoDeviceFlow() {
        assertRefused(request(OAuth2Provider.GOOGLE, SignIn.Flow.DEVICE, null, null, null), "flow", "no device-code");
    }

    @Test
    void theCodeFlowNeedsTheAddressTheProviderSendsThePersonBackTo() {
        assertRefused(request(OAuth2Provider.GOOGLE, null, null, null, null), "flow",
                "mailcellar.oauth.redirect-base-url");
    }

    @Test
    void aGenericProviderNeedsItsScopeAndHttpsEndpoints() {
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, null, null, "https://id.example.test/t"),
                "scope", "required");
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, "mail", null, null), "tokenEndpoint",
                "required");
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, "mail", null, "http://id.example.test/t"),
                "tokenEndpoint", "must be https");
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, "mail", "ftp://id.example.test/d",
                "https://id.example.test/t"), "deviceEndpoint", "https URL");
    }

    @Test
    void aGenericEndpointOnAnInternalNetworkIsRefusedBeforeAnyCall() {
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, "mail", "https://idp.internal.test/device",
                "https://id.example.test/t"), "deviceEndpoint", "'idp.internal.test' resolves to 10.20.0.5, a private");
        assertRefused(request(OAuth2Provider.GENERIC, SignIn.Flow.DEVICE, "mail", "https://id.example.test/device",
                "https://169.254.169.254/token"), "tokenEndpoint", "the cloud metadata service");
    }

    private static SignInRequest request(OAuth2Provider provider, SignIn.Flow flow, String scope, String device,
                                         String token) {
        return new SignInRequest(provider, flow, "client", null, null, scope, null, device, token, null);
    }

    private void assertRefused(SignInRequest request, String field, String words) {
        assertThatThrownBy(() -> signIns.start(request)).as(request.toString())
                .isInstanceOfSatisfying(InvalidFieldException.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.field()).isEqualTo(field)).hasMessageContaining(words);
    }
}
