package io.mailcellar.testsupport;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback proxy in front of a real IMAP server that spoils its FETCH
 * answers for one UID on demand, as a broken or hostile server would: an
 * INTERNALDATE that is no date, {@code BODY[] NIL} in place of the
 * message, or a literal that announces 2 GB. It reads the server's answer line by line, literals whole, so
 * everything else passes byte for byte.
 */
public final class SpoilingImapProxy extends LoopbackProxy {

    /** What to do to the next answers for the UID. */
    public enum Spoil { NOTHING, BAD_INTERNALDATE, NIL_BODY, HUGE_LITERAL }

    private static final Pattern LITERAL_AT_END = Pattern.compile("\\{(\\d+)}\r\n$");
    private static final Pattern DATE = Pattern.compile("INTERNALDATE \"[^\"]*\"");

    private volatile long uid;
    private volatile Spoil spoil = Spoil.NOTHING;
    private final AtomicInteger times = new AtomicInteger();
    private final AtomicInteger spoiled = new AtomicInteger();

    public SpoilingImapProxy(int targetPort) throws IOException {
        super(targetPort, "spoiling-imap-proxy");
    }

    /** Spoils the next {@code count} FETCH answers carrying the body of {@code uid}. */
    public void spoil(long uid, Spoil spoil, int count) {
        this.uid = uid;
        this.times.set(count);
        this.spoil = spoil;
    }

    /** How many answers were spoiled since start. */
    public int spoiled() {
        return spoiled.get();
    }

    @Override
    ServerFilter newServerFilter() {
        return this::pump;
    }

    private void pump(InputStream unbuffered, OutputStream unbufferedClient) throws IOException {
        InputStream server = new BufferedInputStream(unbuffered, 1 << 16);
        OutputStream client = new BufferedOutputStream(unbufferedClient, 1 << 16);
        while (true) {
            byte[] line = readLine(server);
            if (line == null) {
                return;
            }
            String text = new String(line, StandardCharsets.ISO_8859_1);
            Matcher literal = LITERAL_AT_END.matcher(text);
            int length = literal.find() ? Integer.parseInt(literal.group(1)) : -1;
            boolean target = text.startsWith("* ") && text.contains(" FETCH (") && text.contains("UID " + uid + " ")
                    && text.contains("BODY[]") && length >= 0 && spoil != Spoil.NOTHING && times.get() > 0;
            if (!target) {
                client.write(line);
                if (length >= 0) {
                    client.write(server.readNBytes(length));
                }
            } else if (spoil == Spoil.BAD_INTERNALDATE) {
                count();
                client.write(DATE.matcher(text).replaceFirst("INTERNALDATE \"32-Foo-2026 99:99:99 +9999\"")
                        .getBytes(StandardCharsets.ISO_8859_1));
                client.write(server.readNBytes(length));
            } else if (spoil == Spoil.HUGE_LITERAL) {
                count();
                // Announces 2 GB, then sends the real bytes: a client that believes the count runs out of memory.
                client.write(text.substring(0, literal.start()).concat("{2147483000}\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                client.write(server.readNBytes(length));
            } else {
                count();
                // "BODY[] {n}\r\n<n bytes>" becomes "BODY[] NIL"; the rest of the answer (")\r\n") follows as sent.
                client.write(text.substring(0, literal.start()).concat("NIL").getBytes(StandardCharsets.ISO_8859_1));
                server.readNBytes(length);
            }
            if (server.available() == 0) {
                client.flush();
            }
        }
    }

    private void count() {
        spoiled.incrementAndGet();
        if (times.decrementAndGet() <= 0) {
            spoil = Spoil.NOTHING;
        }
    }

    private static byte[] readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int previous = -1;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return line.size() == 0 ? null : line.toByteArray();
            }
            line.write(b);
            if (previous == '\r' && b == '\n') {
                return line.toByteArray();
            }
            previous = b;
        }
    }
}
