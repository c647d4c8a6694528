package io.mailcellar.web;

import io.vertx.core.net.SocketAddress;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PageGuardTest {

    @Test
    void onlyALoopbackPeerMayUsePlainHttp() {
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "127.0.0.1"))).isTrue();
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "127.9.9.9"))).isTrue();
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "::1"))).isTrue();
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "10.0.0.8"))).isFalse();
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "192.0.2.1"))).isFalse();
        assertThat(PageGuard.fromLoopback(SocketAddress.inetSocketAddress(5000, "::ffff:10.0.0.8"))).isFalse();
        assertThat(PageGuard.fromLoopback(SocketAddress.domainSocketAddress("/tmp/x.sock"))).isFalse();
        assertThat(PageGuard.fromLoopback(null)).isFalse();
    }
}
