package io.mailcellar.mail;

import io.mailcellar.outbound.GuardedSockets;
import io.mailcellar.outbound.OutboundGuard;
import jakarta.enterprise.context.ApplicationScoped;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Knows the mail-server sockets each poller thread opened, so that a run
 * over its time can be cut short from outside: a server that sends one byte
 * every 100 seconds never trips a read timeout, and a blocked read wakes only
 * when its socket is closed. Sockets are made through {@link #plain()},
 * which registers them on the calling thread and {@linkplain MeteredSocket
 * meters} them; TLS is layered over them (closing the plain socket ends the
 * TLS session on it), so the watch also knows how much a thread's servers
 * sent and how long it waited for it. Every socket connects past the
 * {@link OutboundGuard}, so no mail connection reaches a refused network.
 */
@ApplicationScoped
public class ConnectionWatch {

    private final Map<Thread, Set<Socket>> open = new ConcurrentHashMap<>();
    private final Map<Thread, RunLimit> limits = new ConcurrentHashMap<>();
    private final SocketFactory plain;

    public ConnectionWatch(OutboundGuard guard) {
        this.plain = new Plain(this, new GuardedSockets(guard));
    }

    public SocketFactory plain() {
        return plain;
    }

    /** Closes every socket the thread opened; its blocked read or write fails at once. */
    public void closeAllOf(Thread thread) {
        Set<Socket> sockets = open.remove(thread);
        if (sockets != null) {
            sockets.forEach(ConnectionWatch::closeQuietly);
        }
    }

    /** Bytes the thread's mail sockets received so far. */
    public long received(Thread thread) {
        return metered(thread).mapToLong(MeteredSocket::received).sum();
    }

    /** How long the thread waited in reads of its mail sockets so far, a read under way included. */
    public long waitedNanos(Thread thread) {
        long now = System.nanoTime();
        return metered(thread).mapToLong(socket -> socket.waitedNanos(now)).sum();
    }

    private java.util.stream.Stream<MeteredSocket> metered(Thread thread) {
        return open.getOrDefault(thread, Set.of()).stream()
                .filter(MeteredSocket.class::isInstance).map(MeteredSocket.class::cast);
    }

    /** Forgets the thread's sockets (its run is over; they are closed by their owners) and its limit. */
    public void forget(Thread thread) {
        open.remove(thread);
        limits.remove(thread);
    }

    /** The sockets the thread opens from now on keep to this limit; null lifts it. */
    public void limit(Thread thread, RunLimit limit) {
        if (limit == null) {
            limits.remove(thread);
        } else {
            limits.put(thread, limit);
        }
    }

    private MeteredSocket metered(Socket socket) {
        return new MeteredSocket(socket, limits.get(Thread.currentThread()));
    }

    <T extends Socket> T opened(T socket) {
        open.computeIfAbsent(Thread.currentThread(), thread -> ConcurrentHashMap.newKeySet()).add(socket);
        return socket;
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyGone) {
            // Cutting the run short is all that is wanted; a socket that fails to close is closed enough.
        }
    }

    private static final class Plain extends SocketFactory {
        private final ConnectionWatch watch;
        private final SocketFactory sockets;

        Plain(ConnectionWatch watch, SocketFactory sockets) {
            this.watch = watch;
            this.sockets = sockets;
        }

        @Override
        public Socket createSocket() throws IOException {
            return watch.opened(watch.metered(sockets.createSocket()));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return watch.opened(watch.metered(sockets.createSocket(host, port)));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return watch.opened(watch.metered(sockets.createSocket(host, port, local, localPort)));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return watch.opened(watch.metered(sockets.createSocket(host, port)));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return watch.opened(watch.metered(sockets.createSocket(host, port, local, localPort)));
        }
    }
}
