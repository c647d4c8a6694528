package io.mailcellar.restore.export;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The mboxrd dialect of an mbox export: each message starts with a line
 * {@code From MAILER-DAEMON <asctime of its INTERNALDATE, UTC>}, every line of
 * it that matches {@code ^>*From } gets one more {@code >} (a reader removes
 * one from each such line, so the message reads back byte for byte), and one
 * LF follows it. Line ends inside a message are kept as stored (CRLF, as
 * mail servers send them). Streamed: however many {@code >} a hostile line
 * starts with, only their count is held.
 */
public final class MboxQuoting extends FilterOutputStream {

    private static final byte[] FROM = "From ".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ASCTIME = DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy",
            Locale.ROOT).withZone(ZoneOffset.UTC);
    private static final byte[] GREATER = new byte[256];

    static {
        java.util.Arrays.fill(GREATER, (byte) '>');
    }

    /** Whether the bytes written since the last LF (or the start) could still begin a {@code >*From } line. */
    private boolean lineStart = true;
    /** {@code >} seen at the start of the current line and not yet written. */
    private long pendingGreater;
    /** How much of {@code From } followed them, not yet written. */
    private int matched;

    public MboxQuoting(OutputStream out) {
        super(out);
    }

    /** The separator line that starts a message received at {@code time}. */
    public static byte[] fromLine(Instant time) {
        return ("From MAILER-DAEMON " + ASCTIME.format(time) + "\n").getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void write(int b) throws IOException {
        if (lineStart && scan((byte) b)) {
            return;
        }
        out.write(b);
        lineStart = b == '\n';
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
        int end = offset + length;
        int at = offset;
        while (at < end) {
            if (lineStart) {
                if (!scan(bytes[at])) {
                    out.write(bytes[at]);
                    lineStart = bytes[at] == '\n';
                }
                at++;
                continue;
            }
            int newline = at;
            while (newline < end && bytes[newline] != '\n') {
                newline++;
            }
            if (newline == end) {
                out.write(bytes, at, end - at);
                return;
            }
            out.write(bytes, at, newline + 1 - at);
            lineStart = true;
            at = newline + 1;
        }
    }

    /**
     * Takes one byte at the start of a line; answers whether it held it back (part of a possible
     * {@code >*From }). A line found quoted-worthy is written with its extra {@code >}.
     */
    private boolean scan(byte b) throws IOException {
        if (matched == 0 && b == '>') {
            pendingGreater++;
            return true;
        }
        if (b == FROM[matched]) {
            if (++matched == FROM.length) {
                out.write('>');
                release();
            }
            return true;
        }
        release();
        return false;
    }

    /** Writes what {@link #scan} held back, and leaves the line's start. */
    private void release() throws IOException {
        for (long left = pendingGreater; left > 0; left -= GREATER.length) {
            out.write(GREATER, 0, (int) Math.min(left, GREATER.length));
        }
        out.write(FROM, 0, matched);
        pendingGreater = 0;
        matched = 0;
        lineStart = false;
    }

    /** Ends a message: writes anything held back, then the LF that follows every message; the next one may start. */
    public void endMessage() throws IOException {
        if (pendingGreater > 0 || matched > 0) {
            release();
        }
        out.write('\n');
        lineStart = true;
    }

    /** Flushes, but leaves the stream under it open: it is the export's. */
    @Override
    public void close() throws IOException {
        flush();
    }
}
