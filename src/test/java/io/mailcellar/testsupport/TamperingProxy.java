package io.mailcellar.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of an HTTP server that can damage what a
 * client sends, as a faulty network or a broken middlebox would: it flips one
 * bit of the next occurrence of a marker, keeping every length unchanged. It
 * also records the request lines that went through, e.g. {@code PUT /bucket/key}.
 */
public final class TamperingProxy extends LoopbackProxy {

    private static final List<String> METHODS = List.of("GET ", "PUT ", "HEAD ", "POST ", "DELETE ");

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final AtomicInteger damaged = new AtomicInteger();
    private final AtomicInteger toDamage = new AtomicInteger();
    private volatile byte[] marker;

    public TamperingProxy(int targetPort) throws IOException {
        super(targetPort, "tampering-proxy");
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port();
    }

    /** Damages the next occurrence of the marker a client sends (its last byte gets one bit flipped). */
    public void damageNext(String marker) {
        damageNext(marker, 1);
    }

    /** Damages the next {@code times} occurrences of the marker, e.g. every try of a retried write. */
    public void damageNext(String marker, int times) {
        toDamage.set(times);
        this.marker = marker.getBytes(StandardCharsets.US_ASCII);
    }

    /** Damages every occurrence of the marker from now until {@link #stopDamaging()}. */
    public void damageAll(String marker) {
        damageNext(marker, Integer.MAX_VALUE);
    }

    public void stopDamaging() {
        marker = null;
        toDamage.set(0);
    }

    /** How many times a marker was damaged. */
    public int damaged() {
        return damaged.get();
    }

    /** The request lines clients sent since start, without the HTTP version. */
    public List<String> requestLines() {
        return List.copyOf(requestLines);
    }

    @Override
    ClientTap newClientTap() {
        StringBuilder line = new StringBuilder();
        int[] matched = {0};
        return (buffer, n) -> {
            matched[0] = tamper(buffer, n, matched[0]);
            recordRequestLines(buffer, n, line);
        };
    }

    /** Looks for the marker across reads; on a full match flips a bit of its last byte, once. */
    private int tamper(byte[] buffer, int n, int matched) {
        byte[] target = marker;
        if (target == null) {
            return 0;
        }
        for (int i = 0; i < n; i++) {
            matched = buffer[i] == target[matched] ? matched + 1 : (buffer[i] == target[0] ? 1 : 0);
            if (matched == target.length) {
                buffer[i] ^= 1;
                if (toDamage.decrementAndGet() <= 0) {
                    marker = null;
                }
                damaged.incrementAndGet();
                return 0;
            }
        }
        return matched;
    }

    private void recordRequestLines(byte[] buffer, int n, StringBuilder line) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                String text = line.toString().strip();
                if (METHODS.stream().anyMatch(text::startsWith) && text.endsWith(" HTTP/1.1")) {
                    requestLines.add(text.substring(0, text.length() - " HTTP/1.1".length()));
                }
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append(c);
            }
        }
    }
}
