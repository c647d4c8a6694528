package io.mailcellar.mail;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The bytes of one POP3 connection: command lines out, response lines and
 * multi-line answers in (RFC 1939, section 3). A multi-line answer is read in
 * bulk from this class's own buffer and dot-unstuffed on the way, line by
 * line, not byte by byte through a synchronized reader as Angus Mail does
 * (why this client exists: docs/architecture.md).
 * Not thread-safe: one poll owns one connection.
 */
final class Pop3Wire implements Closeable {

    /** A response line longer than this is not POP3 (RFC 2449 allows 512 octets). */
    static final int MAX_LINE = 64 * 1024;
    private static final int BUFFER = 64 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};
    /** A size hint above this (a server's LIST may say anything) is not allocated up front. */
    private static final int MAX_PRESIZE = 64 * 1024 * 1024;

    private final byte[] buffer = new byte[BUFFER];
    private int position;
    private int limit;
    private Socket socket;
    private InputStream in;
    private OutputStream out;

    Pop3Wire(Socket socket) throws IOException {
        attach(socket);
    }

    /**
     * Continues on another socket over the same connection, e.g. after STLS.
     * Bytes the server sent before the handshake would be plaintext injected
     * ahead of TLS, so they are refused, not read as if protected.
     */
    void upgrade(Socket secured) throws IOException {
        if (position < limit) {
            throw new IOException("the POP3 server sent " + (limit - position)
                    + " unexpected bytes before the TLS handshake; refusing the connection");
        }
        attach(secured);
    }

    Socket socket() {
        return socket;
    }

    private void attach(Socket next) throws IOException {
        this.socket = next;
        this.in = next.getInputStream();
        this.out = new BufferedOutputStream(next.getOutputStream(), 1024);
        this.position = 0;
        this.limit = 0;
    }

    void writeLine(String line) throws IOException {
        out.write(line.getBytes(StandardCharsets.UTF_8));
        out.write(CRLF);
        out.flush();
    }

    /** One response line, without its line end. */
    String readLine() throws IOException {
        int scanned = position;
        while (true) {
            int end = indexOfLf(scanned, limit);
            if (end >= 0) {
                int textEnd = end > position && buffer[end - 1] == '\r' ? end - 1 : end;
                String line = new String(buffer, position, textEnd - position, StandardCharsets.ISO_8859_1);
                position = end + 1;
                return line;
            }
            if (limit - position >= MAX_LINE) {
                throw new IOException("a POP3 response line is longer than " + MAX_LINE + " bytes");
            }
            scanned = limit - position;
            compact();
            scanned += position;
            fill("a response line");
        }
    }

    /**
     * A multi-line answer up to its terminating {@code "."} line, with the
     * byte-stuffed dots removed and every other byte, line ends included, as
     * sent. {@code sizeHint} (e.g. the size LIST gave) sizes the first buffer.
     * An answer longer than {@code maxBytes} (a server that sends without
     * end) fails, before it can fill the memory; the connection is then of no
     * more use.
     */
    byte[] readMultiline(int sizeHint, long maxBytes) throws IOException {
        Presized data = new Presized(Math.min(Math.max(sizeHint, 256), MAX_PRESIZE));
        copyMultiline(data, maxBytes);
        return data.bytes();
    }

    /**
     * As {@link #readMultiline}, into {@code out} as it arrives, for an
     * answer too large to hold in memory; answers how many bytes it wrote.
     */
    long copyMultiline(OutputStream out, long maxBytes) throws IOException {
        long length = 0;
        boolean lineStart = true;
        while (true) {
            if (position == limit) {
                position = 0;
                limit = 0;
                fill("a multi-line answer");
            }
            if (lineStart && buffer[position] == '.') {
                ensureAvailable(2);
                if (buffer[position + 1] == '\r') {
                    // The terminating ".\r\n"; its LF belongs to it.
                    ensureAvailable(3);
                    position += 3;
                    return length;
                }
                position++;
            }
            int end = indexOfLf(position, limit);
            int chunkEnd = end >= 0 ? end + 1 : limit;
            int chunk = chunkEnd - position;
            if (length + chunk > maxBytes) {
                throw new IOException("the answer is longer than " + maxBytes
                        + " bytes (mailcellar.mail.max-message-size); the server sends more than it listed");
            }
            out.write(buffer, position, chunk);
            length += chunk;
            position = chunkEnd;
            lineStart = end >= 0;
        }
    }

    /** An array sized for the answer up front (from LIST's size), grown only when the server sends more. */
    private static final class Presized extends OutputStream {

        private byte[] data;
        private int length;

        Presized(int size) {
            this.data = new byte[size];
        }

        @Override
        public void write(int b) {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] bytes, int offset, int count) {
            if (length + count > data.length) {
                data = Arrays.copyOf(data, Math.max(length + count, data.length * 2));
            }
            System.arraycopy(bytes, offset, data, length, count);
            length += count;
        }

        byte[] bytes() {
            return length == data.length ? data : Arrays.copyOf(data, length);
        }
    }

    private int indexOfLf(int from, int to) {
        for (int i = from; i < to; i++) {
            if (buffer[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Makes at least {@code count} unread bytes available at {@code position}. */
    private void ensureAvailable(int count) throws IOException {
        while (limit - position < count) {
            compact();
            fill("a multi-line answer");
        }
    }

    private void compact() {
        if (position > 0) {
            System.arraycopy(buffer, position, buffer, 0, limit - position);
            limit -= position;
            position = 0;
        }
    }

    private void fill(String reading) throws IOException {
        int read = in.read(buffer, limit, buffer.length - limit);
        if (read < 0) {
            throw new EOFException("the POP3 server closed the connection in the middle of " + reading);
        }
        limit += read;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
