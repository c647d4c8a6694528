package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A loopback TCP proxy in front of a local server, for tests that watch or
 * disturb the traffic: each connection gets its own look at what the client
 * sends (which it may change in place), and may be cut after the server has
 * sent a number of bytes.
 */
abstract class LoopbackProxy implements AutoCloseable {

    /** Sees each buffer a client sends before it is forwarded; may change its bytes. */
    @FunctionalInterface
    interface ClientTap {
        void accept(byte[] buffer, int length);
    }

    private final ServerSocket server;
    private final java.util.concurrent.atomic.AtomicInteger connections = new java.util.concurrent.atomic.AtomicInteger();
    private final int targetPort;
    private final String name;

    LoopbackProxy(int targetPort, String name) throws IOException {
        this.targetPort = targetPort;
        this.name = name;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, name);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    /** A tap for one new connection, or null to pass what the client sends as it is. */
    ClientTap newClientTap() {
        return null;
    }

    /** Carries what the server sends to the client, and may rewrite it; returns when the server hangs up. */
    @FunctionalInterface
    interface ServerFilter {
        void pump(InputStream server, OutputStream client) throws IOException;
    }

    /** A filter for one new connection's server side, or null to pass its bytes as they are. */
    ServerFilter newServerFilter() {
        return null;
    }

    /** Server bytes after which a new connection is cut, or -1 to leave it. */
    long cutNewConnectionAfter() {
        return -1;
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                connections.incrementAndGet();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                ServerFilter filter = newServerFilter();
                if (filter == null) {
                    pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream, null,
                            cutNewConnectionAfter());
                } else {
                    filtered(filter, upstream, client);
                }
                pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream, newClientTap(), -1);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException(name + " accept failed", e);
                }
            }
        }
    }

    private void pipe(InputStream in, OutputStream out, Socket a, Socket b, ClientTap tap, long cutAfter) {
        Thread thread = new Thread(() -> {
            byte[] buffer = new byte[64 * 1024];
            long passed = 0;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (tap != null) {
                        tap.accept(buffer, n);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    passed += n;
                    if (cutAfter >= 0 && passed >= cutAfter) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // One side hung up; both are closed below.
            } finally {
                close(a);
                close(b);
            }
        }, name + "-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void filtered(ServerFilter filter, Socket upstream, Socket client) {
        Thread thread = new Thread(() -> {
            try {
                filter.pump(upstream.getInputStream(), client.getOutputStream());
            } catch (IOException closed) {
                // One side hung up; both are closed below.
            } finally {
                close(client);
                close(upstream);
            }
        }, name + "-filter");
        thread.setDaemon(true);
        thread.start();
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException alreadyClosed) {
            // Nothing left to release.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
