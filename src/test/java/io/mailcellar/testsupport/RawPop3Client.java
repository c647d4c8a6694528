package io.mailcellar.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A minimal POP3 client for tests, independent of the mail library the
 * service uses: UIDL, and RETR with the dot-unstuffing of RFC 1939 done here.
 */
public final class RawPop3Client implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    public RawPop3Client(int port, String user, String password) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        expectOk(readLine());
        command("USER " + user);
        command("PASS " + password);
    }

    /** Message number to UIDL. */
    public Map<Integer, String> uidls() throws IOException {
        command("UIDL");
        Map<Integer, String> uidls = new LinkedHashMap<>();
        for (String line : new String(multiline(), StandardCharsets.US_ASCII).split("\r\n")) {
            if (!line.isBlank()) {
                String[] parts = line.split(" ");
                uidls.put(Integer.parseInt(parts[0]), parts[1]);
            }
        }
        return uidls;
    }

    /** The message as RETR returns it, dot-unstuffed. */
    public byte[] retr(int number) throws IOException {
        command("RETR " + number);
        return multiline();
    }

    private String command(String command) throws IOException {
        out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return expectOk(readLine());
    }

    private static String expectOk(String line) throws IOException {
        if (!line.startsWith("+OK")) {
            throw new IOException("POP3 server said: " + line);
        }
        return line;
    }

    /** Lines up to the terminating ".", each with its CRLF, leading dots unstuffed. */
    private byte[] multiline() throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            byte[] line = readRawLine();
            if (line.length == 3 && line[0] == '.') {
                return body.toByteArray();
            }
            int start = line.length > 0 && line[0] == '.' ? 1 : 0;
            body.write(line, start, line.length - start);
        }
    }

    /** One line including its CRLF. */
    private byte[] readRawLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            line.write(b);
            if (b == '\n') {
                break;
            }
        }
        if (b < 0) {
            throw new IOException("connection closed");
        }
        return line.toByteArray();
    }

    private String readLine() throws IOException {
        return new String(readRawLine(), StandardCharsets.UTF_8).strip();
    }

    @Override
    public void close() throws IOException {
        try {
            out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            readLine();
        } finally {
            socket.close();
        }
    }
}
