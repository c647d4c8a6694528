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
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback proxy in front of an IMAP server that interrupts one session the
 * way a provider does, at its first command asking for message content: that
 * command is not forwarded, and the client gets instead either a {@code BYE}
 * and a closed connection ({@link #expireNextSession}: Exchange Online's
 * {@code Session invalidated - AccessTokenExpired}) or a tagged {@code NO}
 * ({@link #refuseNextContentFetch}: a provider's throttling), after which the
 * session goes on.
 */
public final class InterruptingImapProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    /** What the next session's first content fetch gets: a BYE line, or the text after a tagged NO. */
    private record Interruption(boolean bye, String text) {
    }

    private final java.util.concurrent.atomic.AtomicReference<Interruption> next =
            new java.util.concurrent.atomic.AtomicReference<>();
    private final AtomicInteger sessions = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();

    public InterruptingImapProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "interrupting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The next session opened is ended at its first content FETCH, as for an expired access token. */
    public void expireNextSession() {
        next.set(new Interruption(true, "Session invalidated - AccessTokenExpired"));
    }

    /** The next session's first content FETCH is refused with {@code <tag> NO <text>}; the session goes on. */
    public void refuseNextContentFetch(String text) {
        next.set(new Interruption(false, text));
    }

    /** Sessions opened through the proxy, since start. */
    public int sessions() {
        return sessions.get();
    }

    /** Sessions the proxy interrupted. */
    public int ended() {
        return ended.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sessions.incrementAndGet();
                Interruption interruption = next.getAndSet(null);
                daemon(() -> pump(upstream, client), "interrupting-proxy-server");
                daemon(() -> commands(client, upstream, interruption), "interrupting-proxy-client");
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("interrupting proxy accept failed", e);
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

    /** Forwards the client's lines, and interrupts the session's first content FETCH if asked to. */
    private void commands(Socket client, Socket upstream, Interruption interruption) {
        try (client; upstream) {
            InputStream in = new java.io.BufferedInputStream(client.getInputStream());
            OutputStream toServer = upstream.getOutputStream();
            OutputStream toClient = client.getOutputStream();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean pending = interruption != null;
            int b;
            while ((b = in.read()) >= 0) {
                line.write(b);
                if (b != '\n') {
                    continue;
                }
                String text = line.toString(StandardCharsets.ISO_8859_1);
                String upper = text.toUpperCase(Locale.ROOT);
                if (pending && upper.contains(" FETCH ") && upper.contains("BODY.PEEK[")) {
                    pending = false;
                    ended.incrementAndGet();
                    String answer = interruption.bye() ? "* BYE " + interruption.text()
                            : text.substring(0, text.indexOf(' ')) + " NO " + interruption.text();
                    synchronized (toClient) {
                        toClient.write((answer + "\r\n").getBytes(StandardCharsets.US_ASCII));
                        toClient.flush();
                    }
                    if (interruption.bye()) {
                        return;
                    }
                    line.reset();
                    continue;
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
