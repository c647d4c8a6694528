package io.mailcellar.outbound;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;

/**
 * Plain sockets whose every connect goes past the {@link OutboundGuard} first:
 * the address the socket is about to reach is the one checked, so no later
 * lookup can swap it. A name given unresolved is resolved through the guard.
 */
public final class GuardedSockets extends SocketFactory {

    private final OutboundGuard guard;

    public GuardedSockets(OutboundGuard guard) {
        this.guard = guard;
    }

    @Override
    public Socket createSocket() {
        return new GuardedSocket(guard);
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new GuardedSocket(guard), InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
        Socket socket = new GuardedSocket(guard);
        bind(socket, local, localPort);
        return connected(socket, InetSocketAddress.createUnresolved(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new GuardedSocket(guard), new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
        Socket socket = new GuardedSocket(guard);
        bind(socket, local, localPort);
        return connected(socket, new InetSocketAddress(host, port));
    }

    private static void bind(Socket socket, InetAddress local, int localPort) throws IOException {
        try {
            socket.bind(new InetSocketAddress(local, localPort));
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static Socket connected(Socket socket, InetSocketAddress target) throws IOException {
        try {
            socket.connect(target);
            return socket;
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    private static final class GuardedSocket extends Socket {
        private final OutboundGuard guard;

        GuardedSocket(OutboundGuard guard) {
            this.guard = guard;
        }

        @Override
        public void connect(SocketAddress endpoint, int timeout) throws IOException {
            if (!(endpoint instanceof InetSocketAddress target)) {
                throw new IOException("cannot connect to " + endpoint + ": not an internet address");
            }
            InetSocketAddress checked;
            if (target.isUnresolved()) {
                checked = new InetSocketAddress(guard.resolve(target.getHostString()), target.getPort());
            } else {
                guard.check(target.getHostString(), target.getAddress());
                checked = target;
            }
            super.connect(checked, timeout);
        }
    }
}
