package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of an IMAP (or POP3) server that records the
 * client's commands and counts those asking for IMAP message content
 * ({@code BODY[} / {@code BODY.PEEK[} / {@code RFC822}), so a test can prove
 * that nothing was fetched. It can also cut a connection half-way.
 */
public final class CountingImapProxy implements AutoCloseable {

    private final ServerSocket server;
    private final int targetPort;
    private final AtomicInteger contentFetches = new AtomicInteger();
    private final AtomicInteger commands = new AtomicInteger();
    private final AtomicInteger fetches = new AtomicInteger();
    private final List<String> commandLog = new CopyOnWriteArrayList<>();
    private final List<String> rawCommandLog = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicLong dropNextAfter = new java.util.concurrent.atomic.AtomicLong(-1);

    public CountingImapProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "imap-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** Commands that fetched message content, since start. */
    public int contentFetches() {
        return contentFetches.get();
    }

    public int commands() {
        return commands.get();
    }

    /** Cuts the next connection once the server has sent it this many bytes, as a network failure would. */
    public void dropNextConnectionAfter(long serverBytes) {
        dropNextAfter.set(serverBytes);
    }

    /**
     * Every command line since start, without its tag (for POP3, which has no
     * tags, the first word is the command itself and is kept: see {@link #rawCommandLog()});
     * logins are left out (they hold passwords).
     */
    public List<String> commandLog() {
        return List.copyOf(commandLog);
    }

    /** Every command line since start, as sent (POP3 commands have no tag); logins are left out. */
    public List<String> rawCommandLog() {
        return List.copyOf(rawCommandLog);
    }

    /** FETCH commands of any kind (flags, sizes or content), since start. */
    public int fetches() {
        return fetches.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                long dropAfter = dropNextAfter.getAndSet(-1);
                pipe(upstream.getInputStream(), client.getOutputStream(), client, upstream, false, dropAfter);
                pipe(client.getInputStream(), upstream.getOutputStream(), client, upstream, true, -1);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("proxy accept failed", e);
                }
            }
        }
    }

    private void pipe(InputStream in, OutputStream out, Socket a, Socket b, boolean fromClient, long dropAfter) {
        Thread thread = new Thread(() -> {
            StringBuilder line = new StringBuilder();
            byte[] buffer = new byte[64 * 1024];
            long passed = 0;
            try {
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    if (fromClient) {
                        scan(buffer, n, line);
                    }
                    out.write(buffer, 0, n);
                    out.flush();
                    passed += n;
                    if (dropAfter >= 0 && passed >= dropAfter) {
                        break;
                    }
                }
            } catch (IOException closed) {
                // One side hung up; the other is closed below.
            } finally {
                closeBoth(a, b);
            }
        }, "imap-proxy-pipe");
        thread.setDaemon(true);
        thread.start();
    }

    private void scan(byte[] buffer, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                count(line.toString());
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append(c);
            }
        }
    }

    private void count(String command) {
        commands.incrementAndGet();
        String upper = command.toUpperCase(Locale.ROOT);
        if (!upper.contains("LOGIN") && !upper.contains("AUTHENTICATE") && !upper.startsWith("PASS ")
                && !upper.startsWith("AUTH ") && upper.strip().contains(" ")) {
            commandLog.add(command.strip().replaceFirst("^\\S+ ", ""));
            rawCommandLog.add(command.strip());
        }
        if (upper.matches("^\\S+ (UID )?FETCH .*")) {
            fetches.incrementAndGet();
        }
        if (upper.contains("FETCH") && (upper.contains("BODY[") || upper.contains("BODY.PEEK[")
                || upper.matches(".*\\bRFC822\\b(?!\\.).*"))) {
            contentFetches.incrementAndGet();
        }
    }

    private static void closeBoth(Socket a, Socket b) {
        try {
            a.close();
        } catch (IOException ignored) {
            // Already closed.
        }
        try {
            b.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
