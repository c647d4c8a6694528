package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A service on loopback that is not what the client expects: it says one
 * line (an SSH or SMTP banner, say) to its first connection, then waits for
 * the client to hang up.
 */
public final class BannerServer implements AutoCloseable {

    private final ServerSocket listener;
    private final Thread speaker;

    public BannerServer(String banner) throws IOException {
        listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"));
        speaker = new Thread(() -> {
            try (Socket client = listener.accept()) {
                client.getOutputStream().write((banner + "\r\n").getBytes(StandardCharsets.US_ASCII));
                client.getOutputStream().flush();
                client.getInputStream().read();
            } catch (IOException e) {
                if (!listener.isClosed()) {
                    throw new UncheckedIOException(e);
                }
            }
        }, "banner-server");
        speaker.setDaemon(true);
        speaker.start();
    }

    public int port() {
        return listener.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
