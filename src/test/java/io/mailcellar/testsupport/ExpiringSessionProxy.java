package io.mailcellar.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of an IMAP server that ends one session the way
 * Exchange Online does when the access token it signed in with expires: the
 * first command asking for message content after {@link #expireNextSession}
 * is not forwarded, and the client gets {@code * BYE Session invalidated -
 * AccessTokenExpired} and a closed connection instead.
 */
public final class ExpiringSessionProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicBoolean expireNext = new AtomicBoolean();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    public ExpiringSessionProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "expiring-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next session opened is ended at its first content FETCH. */
    public void expireNextSession() {
        expireNext.set(true);
    }

    /** Sessions opened through the proxy, since start. */
    public int sessions() {
        return sessions.get();
    }

    /** Sessions the proxy ended with the expired-token BYE. */
    public int ended() {
        return ended.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sessions.incrementAndGet();
                boolean expiring = expireNext.getAndSet(false);
                daemon(() -> pump(upstream, client), "expiring-proxy-server");
                daemon(() -> commands(client, upstream, expiring), "expiring-proxy-client");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("expiring proxy accept failed", e);
                }
            }
        }
    }

    private static void pump(Socket upstream, Socket client) {
        byte[] buffer = new byte[64 * 1024];
        try (upstream; client) {
            InputStream in = upstream.getInputStream();
            OutputStream out = client.getOutputStream();
            int n;
            while ((n = in.read(buffer)) >= 0) {
                synchronized (out) {
                    out.write(buffer, 0, n);
                    out.flush();
                }
            }
        } catch (IOException closed) {
            // One side hung up; both are closed.
        }
    }

    /** Forwards the client's lines, and ends an expiring session at its first content FETCH. */
    private void commands(Socket client, Socket upstream, boolean expiring) {
        try (client; upstream) {
            InputStream in = new java.io.BufferedInputStream(client.getInputStream());
            OutputStream toServer = upstream.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n') {
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1).toUpperCase(Locale.ROOT);
                if (expiring && text.contains(" FETCH ") && text.contains("BODY.PEEK[")) {
                    synchronized (toClient) {
                        toClient.write("* BYE Session invalidated - AccessTokenExpired\r\n"
                                .getBytes(StandardCharsets.US_ASCII));
                        toClient.flush();
                    }
                    ended.incrementAndGet();
                    return;
                }
                line.writeTo(toServer);
                toServer.flush();
                line.reset();
            }
        } catch (IOException closed) {
            // One side hung up; both are closed.
        }
    }

    private static void daemon(Runnable task, String name) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
