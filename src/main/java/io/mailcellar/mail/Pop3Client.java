package io.mailcellar.mail;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Security;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.net.ssl.SSLParameters;
import javax.net.SocketFactory;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One authenticated POP3 session (RFC 1939, CAPA from RFC 2449, STLS from
 * RFC 2595, AUTH from RFC 5034) with just the commands a backup needs. It
 * replaces Angus Mail's POP3 provider because that one reads every answer a
 * byte at a time through a synchronized reader ({@link Pop3Wire}).
 * TLS certificates and host names are verified; STLS, when asked for, must
 * succeed. Every failure is a {@link MessagingException} naming the command
 * and the server's answer; a refused login is an
 * {@link AuthenticationFailedException}, as with Angus.
 */
public final class Pop3Client implements Closeable {

    /** The most a CAPA answer may take; a longer one is not a capability list. */
    private static final long CAPA_LIMIT = 64 * 1024;
    /** The most a LIST or UIDL answer may take: about a million messages' lines; more is a server sending on. */
    private static final long LISTING_LIMIT = 128L * 1024 * 1024;

    /** Where and how to connect; {@code plain} makes the TCP socket (TLS goes over it). */
    public record Endpoint(String host, int port, Security security, Duration connectTimeout, Duration readTimeout,
                           SSLSocketFactory tls, SocketFactory plain) {

    }

    /** A message of the maildrop as LIST numbers it, with its size in octets. */
    public record Listed(int number, int size) {
    }

    private static final Logger LOG = Logger.getLogger(Pop3Client.class);

    private final Endpoint endpoint;
    private final Pop3Wire wire;
    private List<String> capabilities = List.of();

    private Pop3Client(Endpoint endpoint, Pop3Wire wire) {
        this.endpoint = endpoint;
        this.wire = wire;
    }

    /** Connects, secures the connection as the endpoint says and logs in. */
    public static Pop3Client open(Endpoint endpoint, String user, AuthType auth, String secret)
            throws MessagingException {
        Socket socket = connect(endpoint);
        Pop3Client client;
        try {
            client = new Pop3Client(endpoint, new Pop3Wire(socket));
        } catch (IOException e) {
            closeAfterFailure(socket, e);
            throw new MessagingException("cannot talk to the POP3 server " + endpoint.host() + ": " + e.getMessage(), e);
        }
        try {
            client.greet();
            client.login(user, auth, secret);
            return client;
        } catch (MessagingException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    private static Socket connect(Endpoint endpoint) throws MessagingException {
        Socket socket;
        try {
            socket = endpoint.plain().createSocket();
        } catch (IOException e) {
            throw new MessagingException("cannot open a socket for the POP3 server: " + e.getMessage(), e);
        }
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) endpoint.readTimeout().toMillis());
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                    (int) endpoint.connectTimeout().toMillis());
            return endpoint.security() == Security.TLS ? secure(socket, endpoint) : socket;
        } catch (IOException e) {
            closeAfterFailure(socket, e);
            throw new MessagingException("cannot connect to the POP3 server " + endpoint.host() + ":"
                    + endpoint.port() + ": " + e.getMessage(), e);
        }
    }

    /** TLS over the connected socket, with the certificate checked against the host name. */
    private static Socket secure(Socket plain, Endpoint endpoint) throws IOException {
        SSLSocket tls = (SSLSocket) endpoint.tls().createSocket(plain, endpoint.host(), endpoint.port(), true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private void greet() throws MessagingException {
        if (!read("the greeting").startsWith("+OK")) {
            // Its words are not repeated: what a non-POP3 service says first would tell a caller what listens there.
            throw new MessagingException("the server " + endpoint.host() + ":" + endpoint.port() + " did not greet "
                    + "as a POP3 server does (+OK); check the port and security");
        }
        capabilities = capabilities();
        if (endpoint.security() == Security.STARTTLS) {
            if (!capabilities.contains("STLS")) {
                throw new MessagingException("the POP3 server " + endpoint.host()
                        + " does not offer STLS, which the mailbox's security \"starttls\" requires");
            }
            expectOk("STLS", command("STLS"));
            try {
                wire.upgrade(secure(wire.socket(), endpoint));
            } catch (IOException e) {
                throw new MessagingException("STLS with " + endpoint.host() + " failed: " + e.getMessage(), e);
            }
            // RFC 2595: what was said before TLS is forgotten.
            capabilities = capabilities();
        }
    }

    /** The CAPA answer in upper case, empty for a server without CAPA. */
    private List<String> capabilities() throws MessagingException {
        if (!command("CAPA").startsWith("+OK")) {
            return List.of();
        }
        List<String> lines = new ArrayList<>();
        for (String line : lines(multiline("CAPA", 512, CAPA_LIMIT))) {
            lines.add(line.trim().toUpperCase(Locale.ROOT));
        }
        return lines;
    }

    private void login(String user, AuthType auth, String secret) throws MessagingException {
        if (auth == AuthType.XOAUTH2) {
            // The two-step form (RFC 5034 without an initial response): every SASL server takes it, and
            // Microsoft's POP3 takes no other.
            String answer = command("AUTH XOAUTH2");
            if (!isContinuation(answer)) {
                throw new AuthenticationFailedException("AUTH XOAUTH2 refused: " + text(answer));
            }
            answer = respond(base64("user=" + user + "\001auth=Bearer " + secret + "\001\001"));
            refusedUnlessDone(answer, "XOAUTH2");
        } else if (capabilities.isEmpty() || capabilities.contains("USER")) {
            String answer = command("USER " + user);
            if (answer.startsWith("+OK")) {
                answer = command("PASS " + secret);
            }
            refusedUnlessOk(answer);
        } else if (offersSasl("PLAIN")) {
            refusedUnlessDone(command("AUTH PLAIN " + base64("\0" + user + "\0" + secret)), "PLAIN");
        } else {
            throw new AuthenticationFailedException("the POP3 server " + endpoint.host()
                    + " offers neither USER/PASS nor AUTH PLAIN on this connection"
                    + (endpoint.security() == Security.NONE ? "; it may allow logins only over TLS" : ""));
        }
    }

    private boolean offersSasl(String mechanism) {
        return capabilities.stream().anyMatch(line -> line.startsWith("SASL ")
                && List.of(line.substring(5).trim().split("\\s+")).contains(mechanism));
    }

    /** The end of a SASL exchange whose whole response was sent. */
    private void refusedUnlessDone(String answer, String mechanism) throws MessagingException {
        if (isContinuation(answer)) {
            // A challenge after the whole initial response is the server's error detail (XOAUTH2 sends JSON);
            // an empty response ends the exchange, and the server then says no.
            String detail = decodeChallenge(answer);
            String last = command("");
            throw new AuthenticationFailedException("AUTH " + mechanism + " refused: " + text(last)
                    + (detail.isEmpty() ? "" : " (" + detail + ")"));
        }
        refusedUnlessOk(answer);
    }

    private static boolean isContinuation(String answer) {
        return answer.startsWith("+ ") || answer.equals("+");
    }

    private static String decodeChallenge(String answer) {
        String encoded = answer.length() > 2 ? answer.substring(2).trim() : "";
        try {
            return new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return encoded;
        }
    }

    private static void refusedUnlessOk(String answer) throws AuthenticationFailedException {
        if (!answer.startsWith("+OK")) {
            throw new AuthenticationFailedException(text(answer));
        }
    }

    /** UIDL: each message's unique id by number, in maildrop order; null for a server without UIDL. */
    public Map<Integer, String> uniqueIds() throws MessagingException {
        if (!command("UIDL").startsWith("+OK")) {
            return null;
        }
        Map<Integer, String> ids = new LinkedHashMap<>();
        for (String line : lines(multiline("UIDL", 64 * 1024, LISTING_LIMIT))) {
            String[] fields = line.trim().split("\\s+", 2);
            if (fields.length == 2) {
                ids.put(number("UIDL", fields[0]), fields[1]);
            }
        }
        return ids;
    }

    /** LIST: every message with its size, in maildrop order. */
    public List<Listed> list() throws MessagingException {
        expectOk("LIST", command("LIST"));
        List<Listed> messages = new ArrayList<>();
        for (String line : lines(multiline("LIST", 64 * 1024, LISTING_LIMIT))) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2) {
                messages.add(new Listed(number("LIST", fields[0]), number("LIST", fields[1])));
            }
        }
        return messages;
    }

    /**
     * TOP: the headers and the first {@code lines} lines of the body, as
     * sent; null if the server refuses TOP for it. An answer longer than
     * {@code maxBytes} fails: no answer is read without a bound.
     */
    public byte[] top(int message, int lines, int sizeHint, long maxBytes) throws MessagingException {
        String commandLine = "TOP " + message + " " + lines;
        if (!command(commandLine).startsWith("+OK")) {
            return null;
        }
        return multiline(commandLine, sizeHint, maxBytes);
    }

    /** RETR: the whole message as sent, failing once the answer is longer than {@code maxBytes}. */
    public byte[] retrieve(int message, int sizeHint, long maxBytes) throws MessagingException {
        String commandLine = "RETR " + message;
        expectOk(commandLine, command(commandLine));
        return multiline(commandLine, sizeHint, maxBytes);
    }

    /**
     * TOP into {@code out} as it arrives, for a message too large to hold in
     * memory: how many bytes it wrote, or null if the server refuses TOP.
     */
    public Long top(int message, int lines, OutputStream out, long maxBytes) throws MessagingException {
        String commandLine = "TOP " + message + " " + lines;
        if (!command(commandLine).startsWith("+OK")) {
            return null;
        }
        return copy(commandLine, out, maxBytes);
    }

    /** RETR into {@code out} as it arrives: how many bytes it wrote. */
    public long retrieve(int message, OutputStream out, long maxBytes) throws MessagingException {
        String commandLine = "RETR " + message;
        expectOk(commandLine, command(commandLine));
        return copy(commandLine, out, maxBytes);
    }

    /** DELE: marks the message; the server removes it only after a successful QUIT. */
    public void delete(int message) throws MessagingException {
        String commandLine = "DELE " + message;
        expectOk(commandLine, command(commandLine));
    }

    /** QUIT: ends the session, and makes the server remove what DELE marked. */
    public void quit() throws MessagingException {
        expectOk("QUIT", command("QUIT"));
    }

    /** Drops the connection; without QUIT the server removes nothing. */
    @Override
    public void close() {
        try {
            wire.close();
        } catch (IOException e) {
            // Nothing is pending on a connection being dropped; a failed close changes nothing.
            LOG.debugf("closing the POP3 connection to %s failed: %s", endpoint.host(), e.getMessage());
        }
    }

    private String command(String commandLine) throws MessagingException {
        if (commandLine.indexOf('\r') >= 0 || commandLine.indexOf('\n') >= 0) {
            // A line break would smuggle a command of its own; user names and secrets come from outside.
            throw new MessagingException("a POP3 " + verb(commandLine)
                    + " command would contain a line break: check the mailbox's username and secret");
        }
        try {
            wire.writeLine(commandLine);
        } catch (IOException e) {
            throw failed(verb(commandLine), e);
        }
        return read(verb(commandLine));
    }

    /** A SASL response line: named in errors as the exchange, never by its content (a credential). */
    private String respond(String response) throws MessagingException {
        String what = "the authentication exchange";
        if (response.indexOf('\r') >= 0 || response.indexOf('\n') >= 0) {
            throw new MessagingException("a POP3 authentication response would contain a line break");
        }
        try {
            wire.writeLine(response);
        } catch (IOException e) {
            throw failed(what, e);
        }
        return read(what);
    }

    private String read(String what) throws MessagingException {
        try {
            return wire.readLine();
        } catch (IOException e) {
            throw failed(what, e);
        }
    }

    private byte[] multiline(String commandLine, int sizeHint, long maxBytes) throws MessagingException {
        try {
            return wire.readMultiline(sizeHint, maxBytes);
        } catch (IOException e) {
            throw failed(verb(commandLine), e);
        }
    }

    private long copy(String commandLine, OutputStream out, long maxBytes) throws MessagingException {
        try {
            return wire.copyMultiline(out, maxBytes);
        } catch (IOException e) {
            throw failed(verb(commandLine), e);
        }
    }

    private MessagingException failed(String what, IOException e) {
        return new MessagingException("POP3 " + what + " with " + endpoint.host() + " failed: " + e.getMessage(), e);
    }

    private void expectOk(String what, String answer) throws MessagingException {
        if (!answer.startsWith("+OK")) {
            throw new MessagingException("the POP3 server " + endpoint.host() + " refused " + what + ": "
                    + text(answer));
        }
    }

    /** The command without its arguments, so that no credential reaches a message. */
    private static String verb(String commandLine) {
        int space = commandLine.indexOf(' ');
        String verb = space < 0 ? commandLine : commandLine.substring(0, space);
        return verb.isEmpty() ? "the authentication exchange" : verb;
    }

    /** The server's words, without the status indicator. */
    private static final int MAX_REPLY_SHOWN = 200;

    private static String text(String answer) {
        String words = answer.startsWith("-ERR") ? answer.substring(4).trim() : answer.trim();
        return words.isEmpty() ? "(no reason given)"
                : words.length() > MAX_REPLY_SHOWN ? words.substring(0, MAX_REPLY_SHOWN) + "…" : words;
    }

    private static List<String> lines(byte[] answer) {
        String text = new String(answer, StandardCharsets.ISO_8859_1);
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\r?\n")) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        return lines;
    }

    private int number(String what, String field) throws MessagingException {
        try {
            return Integer.parseInt(field);
        } catch (NumberFormatException e) {
            throw new MessagingException("the POP3 server " + endpoint.host() + " answered " + what
                    + " with \"" + field + "\" where a number belongs", e);
        }
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static void closeAfterFailure(Socket socket, IOException cause) {
        try {
            socket.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
