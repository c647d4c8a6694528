package io.mailcellar.outbound;

import io.mailcellar.testsupport.TestOutbound;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Sockets that are checked at the moment they connect, against a listener on
 * 127.0.0.1: only 127.0.0.1 is allowed, and the refused address is 127.0.0.2,
 * so a guard that failed would still reach nothing beyond loopback.
 */
class GuardedSocketsTest {

    private final TestOutbound.FixedResolver dns = new TestOutbound.FixedResolver(Map.of("mail.rebind.test", "127.0.0.1"));
    private final OutboundGuard guard = new OutboundGuard(
            new OutboundRules(List.of(), List.of("127.0.0.1/32"), List.of()), dns);
    private final GuardedSockets sockets = new GuardedSockets(guard);

    @Test
    void aNameThatResolvesInwardAfterItWasAcceptedIsRefusedBeforeTheSocketConnects() throws Exception {
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(300);
            try (Socket first = sockets.createSocket("mail.rebind.test", listener.getLocalPort());
                 Socket accepted = listener.accept()) {
                assertThat(first.isConnected()).isTrue();
                assertThat(accepted.getInetAddress().getHostAddress()).isEqualTo("127.0.0.1");
            }

            dns.map("mail.rebind.test", "127.0.0.2");

            assertThatThrownBy(() -> sockets.createSocket("mail.rebind.test", listener.getLocalPort()))
                    .isInstanceOf(OutboundRefusedException.class)
                    .hasMessage("refused by the outbound guard: 'mail.rebind.test' resolves to 127.0.0.2, a loopback "
                            + "address (127.0.0.0/8), where the service does not connect by default; an operator "
                            + "can permit it with mailcellar.mail.allowed-networks or mailcellar.mail.allowed-hosts");
            Socket unconnected = sockets.createSocket();
            assertThatThrownBy(() -> unconnected.connect(
                    InetSocketAddress.createUnresolved("mail.rebind.test", listener.getLocalPort()), 1000))
                    .isInstanceOf(OutboundRefusedException.class);
            assertThat(unconnected.isConnected()).isFalse();
            assertThatThrownBy(listener::accept).as("nothing connected").isInstanceOf(SocketTimeoutException.class);
        }
    }

    @Test
    void aResolvedAddressIsCheckedAsItIsWithoutAnotherLookup() throws Exception {
        Socket socket = sockets.createSocket();
        InetSocketAddress resolved = new InetSocketAddress(InetAddress.getByAddress("mail.example.test",
                new byte[] {(byte) 169, (byte) 254, (byte) 169, (byte) 254}), 993);

        assertThatThrownBy(() -> socket.connect(resolved, 1000)).isInstanceOf(OutboundRefusedException.class)
                .hasMessageContaining("'mail.example.test' resolves to 169.254.169.254, the cloud metadata service");
        assertThat(socket.isConnected()).isFalse();
    }

    @Test
    void aRegistrationCheckRefusesWhenAnyAddressIsRefusedAndLetsAnUnknownNameWaitForTheConnect() {
        OutboundGuard guard = TestOutbound.resolving(Map.of("public.example.test", "203.0.113.5",
                "inward.example.test", "10.0.0.1"));

        assertThat(guard.refusal("public.example.test")).isEmpty();
        assertThat(guard.refusal("inward.example.test")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("10.0.0.1, a private address"));
        assertThat(guard.refusal("unknown.example.test")).isEmpty();
    }
}
