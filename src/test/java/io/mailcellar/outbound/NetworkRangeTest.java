package io.mailcellar.outbound;

import org.junit.jupiter.api.Test;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NetworkRangeTest {

    @Test
    void aRangeHoldsTheAddressesUnderItsPrefix() throws Exception {
        NetworkRange range = NetworkRange.parse("172.16.0.0/12");

        assertThat(range.contains(InetAddress.getByName("172.16.0.0"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("172.31.255.255"))).isTrue();
        assertThat(range.contains(InetAddress.getByName("172.32.0.0"))).isFalse();
        assertThat(range.contains(InetAddress.getByName("::ffff:172.20.0.1"))).as("IPv4-mapped").isTrue();
        assertThat(range.contains(InetAddress.getByName("2001:db8::1"))).isFalse();
    }

    @Test
    void hostBitsAreIgnoredAndABareAddressIsARangeOfOne() throws Exception {
        assertThat(NetworkRange.parse("10.1.2.3/8").contains(InetAddress.getByName("10.200.0.1"))).isTrue();
        NetworkRange one = NetworkRange.parse("fd00:ec2::254");
        assertThat(one.contains(InetAddress.getByName("fd00:ec2::254"))).isTrue();
        assertThat(one.contains(InetAddress.getByName("fd00:ec2::255"))).isFalse();
        assertThat(NetworkRange.parse("0.0.0.0/0").contains(InetAddress.getByName("203.0.113.1"))).isTrue();
    }

    @Test
    void namesAndBadPrefixesAreRefusedWithoutALookup() {
        assertThatThrownBy(() -> NetworkRange.parse("cluster.local/16")).hasMessageContaining("CIDR notation");
        assertThatThrownBy(() -> NetworkRange.parse("")).hasMessageContaining("CIDR notation");
        assertThatThrownBy(() -> NetworkRange.parse("10.0.0.0/x")).hasMessageContaining("0..32");
        assertThatThrownBy(() -> NetworkRange.parse("fd00::/129")).hasMessageContaining("0..128");
    }
}
