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
 * also records the requests that went through: their lines, e.g.
 * {@code PUT /bucket/key}, and their headers, so a test can see on the wire
 * what a server would ignore.
 */
public final class TamperingProxy extends LoopbackProxy {

    private static final List<String> METHODS = List.of("GET ", "PUT ", "HEAD ", "POST ", "DELETE ");

    /** A request as it went through: its line without the HTTP version, and its headers by lower-case name. */
    public record RecordedRequest(String line, java.util.Map<String, String> headers) {
    }

    private final List<String> requestLines = new CopyOnWriteArrayList<>();
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
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

    /** The requests clients sent since start, with their headers. */
    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    @Override
    ClientTap newClientTap() {
        StringBuilder line = new StringBuilder();
        int[] matched = {0};
        java.util.Map<String, String>[] headers = new java.util.Map[1];
        String[] requestLine = new String[1];
        return (buffer, n) -> {
            matched[0] = tamper(buffer, n, matched[0]);
            recordRequestLines(buffer, n, line, requestLine, headers);
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

    /** Request lines, and the header lines after one until the blank line that ends them. */
    private void recordRequestLines(byte[] buffer, int n, StringBuilder line, String[] requestLine,
                                    java.util.Map<String, String>[] headers) {
        for (int i = 0; i < n; i++) {
            char c = (char) (buffer[i] & 0xff);
            if (c == '\n') {
                String text = line.toString().strip();
                if (headers[0] != null) {
                    int colon = text.indexOf(':');
                    if (text.isEmpty()) {
                        requests.add(new RecordedRequest(requestLine[0], java.util.Map.copyOf(headers[0])));
                        headers[0] = null;
                    } else if (colon > 0) {
                        headers[0].put(text.substring(0, colon).strip().toLowerCase(java.util.Locale.ROOT),
                                text.substring(colon + 1).strip());
                    }
                } else if (METHODS.stream().anyMatch(text::startsWith) && text.endsWith(" HTTP/1.1")) {
                    requestLine[0] = text.substring(0, text.length() - " HTTP/1.1".length());
                    requestLines.add(requestLine[0]);
                    headers[0] = new java.util.HashMap<>();
                }
                line.setLength(0);
            } else if (line.length() < 4096) {
                line.append(c);
            }
        }
    }
}
