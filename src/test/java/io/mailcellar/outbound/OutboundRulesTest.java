package io.mailcellar.outbound;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which addresses the guard refuses, and why; only address literals, nothing is looked up or connected. */
class OutboundRulesTest {

    private static final OutboundRules DEFAULTS = new OutboundRules(List.of(), List.of(), List.of());

    private static InetAddress at(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @ParameterizedTest
    @CsvSource({
            "169.254.169.254, the cloud metadata service (169.254.169.254/32)",
            "fd00:ec2::254, the cloud metadata service (fd00:ec2::254/128)",
            "127.0.0.1, a loopback address (127.0.0.0/8)",
            "127.8.9.10, a loopback address (127.0.0.0/8)",
            "::1, a loopback address (::1/128)",
            "10.0.0.1, a private address (10.0.0.0/8)",
            "172.31.255.1, a private address (172.16.0.0/12)",
            "192.168.1.20, a private address (192.168.0.0/16)",
            "fd12:3456::1, a private (unique-local) address (fc00::/7)",
            "100.64.0.1, a shared (carrier-grade NAT) address (100.64.0.0/10)",
            "169.254.10.1, a link-local address (169.254.0.0/16)",
            "fe80::1, a link-local address (fe80::/10)",
            "224.0.0.251, a multicast address (224.0.0.0/4)",
            "ff02::1, a multicast address (ff00::/8)",
            "0.0.0.0, an unspecified address (0.0.0.0/8)",
            "::, an unspecified address (::/128)",
            "255.255.255.255, a reserved address (240.0.0.0/4)",
            // IPv6 forms that lead to an internal IPv4 address.
            "::ffff:10.0.0.1, a private address (10.0.0.0/8)",
            "64:ff9b::a9fe:a9fe, the cloud metadata service (169.254.169.254/32)",
            "2002:7f00:1::, a loopback address (127.0.0.0/8)",
    })
    void refusesInternalAddressesByDefaultNamingTheRule(String literal, String rule) throws Exception {
        assertThat(DEFAULTS.refusal(literal, at(literal))).hasValueSatisfying(reason -> assertThat(reason)
                .contains(rule).contains("mailcellar.mail.allowed-networks"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"203.0.113.10", "198.51.100.7", "2001:db8::25", "172.32.0.1", "11.0.0.1"})
    void permitsPublicAddresses(String literal) throws Exception {
        assertThat(DEFAULTS.refusal("mail.example.test", at(literal))).isEmpty();
    }

    @Test
    void aReasonNamesTheHostAndWhatItResolvedTo() throws Exception {
        assertThat(DEFAULTS.refusal("Mail.Example.Test", at("10.1.2.3")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("'Mail.Example.Test' resolves to 10.1.2.3, "
                        + "a private address (10.0.0.0/8)"));
        assertThat(DEFAULTS.refusal("10.1.2.3", at("10.1.2.3")))
                .hasValueSatisfying(reason -> assertThat(reason).startsWith("10.1.2.3 is a private address"));
    }

    @Test
    void anAllowedNetworkPermitsOnlyItsOwnAddresses() throws Exception {
        OutboundRules rules = new OutboundRules(List.of(), List.of("127.0.0.1/32", "192.168.10.0/24"), List.of());

        assertThat(rules.refusal("localhost", at("127.0.0.1"))).isEmpty();
        assertThat(rules.refusal("imap.office", at("192.168.10.25"))).isEmpty();
        assertThat(rules.refusal("localhost", at("127.0.0.2"))).isPresent();
        assertThat(rules.refusal("imap.office", at("192.168.11.25"))).isPresent();
        assertThat(rules.refusal("metadata", at("169.254.169.254"))).isPresent();
    }

    @Test
    void anAllowedHostIsPermittedWhateverItResolvesToAndOnlyThatName() throws Exception {
        OutboundRules rules = new OutboundRules(List.of(), List.of(), List.of("IMAP.office.test."));

        assertThat(rules.refusal("imap.office.test", at("10.0.0.5"))).isEmpty();
        assertThat(rules.refusal("imap.OFFICE.test.", at("10.0.0.5"))).isEmpty();
        assertThat(rules.refusal("smtp.office.test", at("10.0.0.5"))).isPresent();
    }

    @Test
    void operatorDeniedNetworksAddToTheBuiltInOnes() throws Exception {
        OutboundRules rules = new OutboundRules(List.of("203.0.113.0/24", " 2001:db8:1::/48 "), List.of(), List.of());

        assertThat(rules.refusal("svc", at("203.0.113.9"))).hasValueSatisfying(reason -> assertThat(reason)
                .contains("on a network the operator denied (203.0.113.0/24)"));
        assertThat(rules.refusal("svc", at("2001:db8:1:2::1"))).isPresent();
        assertThat(rules.refusal("svc", at("198.51.100.9"))).isEmpty();
        assertThat(rules.refusal("svc", at("10.0.0.1"))).isPresent();
    }

    @Test
    void aMisspeltSettingStopsTheStartNamingTheKey() {
        assertThatThrownBy(() -> new OutboundRules(List.of("10.96.0.0/33"), List.of(), List.of()))
                .hasMessageContaining("mailcellar.mail.denied-networks").hasMessageContaining("0..32");
        assertThatThrownBy(() -> new OutboundRules(List.of(), List.of("mail.example.test"), List.of()))
                .hasMessageContaining("mailcellar.mail.allowed-networks")
                .hasMessageContaining("not a network in CIDR notation");
    }
}
