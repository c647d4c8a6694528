package io.mailcellar.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback IMAP server that says only what a test needs: a greeting with
 * the capabilities it is given, OK to every command (LOGOUT with BYE), and a
 * record of each command line, so a test can check what a client sends for
 * an extension no server at hand offers (Dovecot 2.3 has no
 * CREATE-SPECIAL-USE).
 */
public final class ScriptedImapServer implements AutoCloseable {

    private final ServerSocket server;
    private final String capabilities;
    private final List<String> commands = new CopyOnWriteArrayList<>();

    public ScriptedImapServer(String capabilities) throws IOException {
        this.capabilities = capabilities;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::acceptLoop, "scripted-imap");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    /** The command lines received, without their tags; logins left out. */
    public List<String> commands() {
        return List.copyOf(commands);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                serve(socket);
            } catch (IOException e) {
                if (!server.isClosed()) {
                    commands.add("(connection failed: " + e.getMessage() + ")");
                }
            }
        }
    }

    private void serve(Socket socket) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                StandardCharsets.UTF_8));
        OutputStream out = socket.getOutputStream();
        send(out, "* OK [CAPABILITY " + capabilities + "] scripted server ready");
        String line;
        while ((line = in.readLine()) != null) {
            int space = line.indexOf(' ');
            if (space < 0) {
                send(out, "* BAD no tag");
                continue;
            }
            String tag = line.substring(0, space);
            String command = line.substring(space + 1);
            String verb = command.split(" ", 2)[0].toUpperCase(java.util.Locale.ROOT);
            if (!verb.equals("LOGIN")) {
                commands.add(command);
            }
            switch (verb) {
                case "CAPABILITY" -> send(out, "* CAPABILITY " + capabilities);
                case "LOGOUT" -> send(out, "* BYE scripted server closing");
                default -> {
                }
            }
            send(out, tag + " OK " + verb + " done");
            if (verb.equals("LOGOUT")) {
                return;
            }
        }
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
