package io.mailcellar.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A POP3 server on loopback whose maildrop the test sets, for behaviour no
 * real server shows on demand: a UIDL reused for other bytes, or one UIDL
 * given to two messages. It speaks enough of RFC 1939 for a client (USER,
 * PASS, CAPA, STAT, LIST, UIDL, TOP, RETR, DELE, NOOP, RSET, QUIT), removes
 * what DELE marked on QUIT, and records the UIDLs it removed. With
 * {@link #acceptBearer}, it takes XOAUTH2 the way Exchange Online's POP3
 * documents it: {@code AUTH XOAUTH2}, a {@code +} continuation, then the
 * response on its own line; an initial response on the command line is a
 * protocol error.
 */
public final class ScriptedPop3Server implements AutoCloseable {

    /** One message of the maildrop: its UIDL and its bytes (CRLF lines). */
    public record Message(String uidl, byte[] bytes) {
    }

    private final ServerSocket server;
    private final List<String> deleted = new CopyOnWriteArrayList<>();
    private volatile List<Message> maildrop = List.of();
    private volatile String bearer;
    private final List<String> authLines = new CopyOnWriteArrayList<>();

    public ScriptedPop3Server() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-pop3");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** What the next sessions find. */
    public synchronized void serve(List<Message> messages) {
        maildrop = List.copyOf(messages);
    }

    /** Takes XOAUTH2 logins (two-step only) whose bearer token is this one. */
    public void acceptBearer(String token) {
        bearer = token;
    }

    /** The AUTH command lines received, as sent. */
    public List<String> authLines() {
        return List.copyOf(authLines);
    }

    /** The UIDLs of the messages removed by a QUIT after DELE, in order. */
    public List<String> deleted() {
        return List.copyOf(deleted);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                Thread session = new Thread(() -> session(client), "scripted-pop3-session");
                session.setDaemon(true);
                session.start();
            } catch (IOException e) {
                if (!server.isClosed()) {
                    throw new IllegalStateException("scripted POP3 accept failed", e);
                }
            }
        }
    }

    private void session(Socket socket) {
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            List<Message> messages = maildrop;
            Set<Integer> marked = new HashSet<>();
            send(out, "+OK scripted POP3 ready");
            String line;
            while ((line = readLine(in)) != null) {
                String[] words = line.split(" ");
                String command = words[0].toUpperCase(Locale.ROOT);
                switch (command) {
                    case "USER", "PASS", "NOOP" -> send(out, "+OK");
                    case "AUTH" -> {
                        authLines.add(line);
                        if (bearer == null || words.length != 2 || !words[1].equalsIgnoreCase("XOAUTH2")) {
                            send(out, "-ERR Protocol error. Connection is closed.");
                            return;
                        }
                        send(out, "+ ");
                        String response = new String(java.util.Base64.getDecoder().decode(readLine(in)),
                                StandardCharsets.UTF_8);
                        send(out, response.contains("\001auth=Bearer " + bearer + "\001")
                                ? "+OK User successfully authenticated."
                                : "-ERR Authentication failure: unknown user name or bad password.");
                    }
                    case "CAPA" -> send(out, "+OK\r\nUSER\r\nUIDL\r\nTOP\r\n.");
                    case "STAT" -> send(out, "+OK " + messages.size() + " " + messages.stream()
                            .mapToInt(m -> m.bytes().length).sum());
                    case "LIST" -> {
                        StringBuilder answer = new StringBuilder("+OK\r\n");
                        for (int i = 0; i < messages.size(); i++) {
                            if (!marked.contains(i + 1)) {
                                answer.append(i + 1).append(' ').append(messages.get(i).bytes().length).append("\r\n");
                            }
                        }
                        send(out, answer.append('.').toString());
                    }
                    case "UIDL" -> {
                        StringBuilder answer = new StringBuilder("+OK\r\n");
                        for (int i = 0; i < messages.size(); i++) {
                            if (!marked.contains(i + 1)) {
                                answer.append(i + 1).append(' ').append(messages.get(i).uidl()).append("\r\n");
                            }
                        }
                        send(out, answer.append('.').toString());
                    }
                    case "RETR", "TOP" -> {
                        byte[] bytes = messages.get(Integer.parseInt(words[1]) - 1).bytes();
                        if (command.equals("TOP") && Integer.parseInt(words[2]) == 0) {
                            bytes = headers(bytes);
                        }
                        out.write("+OK\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.write(dotStuffed(bytes));
                        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                    }
                    case "DELE" -> {
                        marked.add(Integer.parseInt(words[1]));
                        send(out, "+OK marked");
                    }
                    case "RSET" -> {
                        marked.clear();
                        send(out, "+OK");
                    }
                    case "QUIT" -> {
                        removeMarked(messages, marked);
                        send(out, "+OK bye");
                        return;
                    }
                    default -> send(out, "-ERR unknown command");
                }
            }
        } catch (IOException | RuntimeException e) {
            // The client went away; nothing marked is removed without QUIT.
        }
    }

    private synchronized void removeMarked(List<Message> served, Set<Integer> marked) {
        List<Message> remaining = new ArrayList<>(maildrop);
        for (int number : marked) {
            Message message = served.get(number - 1);
            if (remaining.remove(message)) {
                deleted.add(message.uidl());
            }
        }
        maildrop = List.copyOf(remaining);
    }

    private static byte[] headers(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        return (end < 0 ? text : text.substring(0, end + 4)).getBytes(StandardCharsets.ISO_8859_1);
    }

    private static byte[] dotStuffed(byte[] message) {
        String text = new String(message, StandardCharsets.ISO_8859_1);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\r\n", -1)) {
            out.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
        }
        // split leaves an empty last piece after a final CRLF: drop its extra CRLF.
        String stuffed = text.endsWith("\r\n") ? out.substring(0, out.length() - 2) : out.toString();
        return stuffed.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write((text + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                return line.toString(StandardCharsets.US_ASCII).strip();
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
