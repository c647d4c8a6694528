package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * A loopback proxy in front of a real server that, while trickling, passes
 * the server's answers on one byte at a time with a pause between: a server
 * that never stops sending, so no read timeout ever trips, yet never finishes.
 */
public final class TricklingProxy extends LoopbackProxy {

    private volatile boolean trickling;
    private volatile long pauseMillis;

    public TricklingProxy(int targetPort, long pauseMillis) throws IOException {
        super(targetPort, "trickling-proxy");
        this.pauseMillis = pauseMillis;
    }

    /** The pause after each byte of a trickling connection, from now on. */
    public void pause(long millis) {
        pauseMillis = millis;
    }

    /** New connections trickle (true) or flow (false). */
    public void trickle(boolean on) {
        trickling = on;
    }

    @Override
    ServerFilter newServerFilter() {
        boolean slow = trickling;
        return (server, client) -> pump(server, client, slow);
    }

    private void pump(InputStream server, OutputStream client, boolean slow) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = server.read(buffer)) >= 0) {
            if (!slow) {
                client.write(buffer, 0, n);
                client.flush();
                continue;
            }
            for (int i = 0; i < n; i++) {
                client.write(buffer[i]);
                client.flush();
                try {
                    Thread.sleep(pauseMillis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
