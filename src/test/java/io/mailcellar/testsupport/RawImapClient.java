package io.mailcellar.testsupport;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A minimal IMAP client for tests, independent of the mail library the
 * service uses: it reads what the server returns for {@code BODY.PEEK[]}
 * byte for byte, and the flags, from an EXAMINEd (read-only) folder.
 */
public final class RawImapClient implements AutoCloseable {

    /** One message as the server returns it. */
    public record RawMessage(long uid, String flags, java.time.Instant internalDate, byte[] body) {
    }

    private static final Pattern LISTED = Pattern.compile("\\* LIST \\([^)]*\\) (?:\"[^\"]*\"|NIL) (.+)");
    private static final Pattern HIGHESTMODSEQ = Pattern.compile("HIGHESTMODSEQ (\\d+)");
    private static final Pattern LITERAL = Pattern.compile("\\{(\\d+)}$");
    private static final Pattern UID = Pattern.compile("UID (\\d+)");
    private static final Pattern FLAGS = Pattern.compile("FLAGS \\(([^)]*)\\)");
    private static final Pattern INTERNALDATE = Pattern.compile("INTERNALDATE \"([^\"]+)\"");
    private static final java.time.format.DateTimeFormatter IMAP_DATE =
            java.time.format.DateTimeFormatter.ofPattern("d-MMM-yyyy HH:mm:ss Z", java.util.Locale.ROOT);

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private int tag;

    public RawImapClient(int port, String user, String password) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setSoTimeout(30_000);
        in = new BufferedInputStream(socket.getInputStream());
        out = socket.getOutputStream();
        readLine();
        command("LOGIN \"" + user + "\" \"" + password + "\"");
    }

    /** Every message of the folder: UID, flags, INTERNALDATE and the exact bytes of {@code BODY[]}. */
    public List<RawMessage> fetchAll(String folder) throws IOException {
        command("EXAMINE \"" + org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(folder) + "\"");
        String t = send("UID FETCH 1:* (UID FLAGS INTERNALDATE BODY.PEEK[])");
        List<RawMessage> messages = new ArrayList<>();
        while (true) {
            String line = readLine();
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException("FETCH failed: " + line);
                }
                return messages;
            }
            Matcher literal = LITERAL.matcher(line);
            if (!line.startsWith("* ") || !literal.find()) {
                continue;
            }
            byte[] body = in.readNBytes(Integer.parseInt(literal.group(1)));
            String rest = readLine();
            String attributes = line + " " + rest;
            Matcher uid = UID.matcher(attributes);
            Matcher flags = FLAGS.matcher(attributes);
            Matcher date = INTERNALDATE.matcher(attributes);
            if (!uid.find() || !flags.find() || !date.find()) {
                throw new IOException("unexpected FETCH response: " + attributes);
            }
            messages.add(new RawMessage(Long.parseLong(uid.group(1)), flags.group(1),
                    java.time.ZonedDateTime.parse(date.group(1).strip(), IMAP_DATE).toInstant(), body));
        }
    }

    /** Creates a folder (its name in UTF-8, sent as modified UTF-7). */
    public void create(String folder) throws IOException {
        command("CREATE \"" + mutf7(folder) + "\"");
    }

    /** Appends a message byte for byte, with its flags and INTERNALDATE. */
    public void append(String folder, String flags, java.time.Instant internalDate, byte[] message)
            throws IOException {
        String date = java.time.format.DateTimeFormatter.ofPattern("dd-MMM-yyyy HH:mm:ss Z", java.util.Locale.ROOT)
                .withZone(java.time.ZoneOffset.UTC).format(internalDate);
        String t = send("APPEND \"" + mutf7(folder) + "\" (" + flags + ") \"" + date + "\" {" + message.length + "}");
        String line = readLine();
        if (!line.startsWith("+")) {
            throw new IOException("APPEND refused: " + line);
        }
        out.write(message);
        out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        awaitTagged(t, "APPEND");
    }

    /** Replaces the flags of the message with the UID. */
    public void setFlags(String folder, long uid, String flags) throws IOException {
        command("SELECT \"" + mutf7(folder) + "\"");
        command("UID STORE " + uid + " FLAGS (" + flags + ")");
    }

    /** Removes the message with the UID from the folder. */
    public void expunge(String folder, long uid) throws IOException {
        command("SELECT \"" + mutf7(folder) + "\"");
        command("UID STORE " + uid + " +FLAGS (\\Deleted)");
        command("UID EXPUNGE " + uid);
    }

    private static String mutf7(String folder) {
        return org.eclipse.angus.mail.imap.protocol.BASE64MailboxEncoder.encode(folder);
    }

    /** Every folder's name exactly as {@code LIST "" "*"} spells it (unquoted). */
    public List<String> listedNames() throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : command("LIST \"\" \"*\"")) {
            Matcher listed = LISTED.matcher(line);
            if (listed.matches()) {
                String name = listed.group(1);
                names.add(name.startsWith("\"") ? name.substring(1, name.length() - 1).replace("\\\"", "\"")
                        .replace("\\\\", "\\") : name);
            }
        }
        return names;
    }

    /** The attributes {@code LIST "" name RETURN (SPECIAL-USE)} gives a folder (its name in UTF-8). */
    public String listAttributes(String folder) throws IOException {
        for (String line : command("LIST \"\" \"" + mutf7(folder) + "\" RETURN (SPECIAL-USE)")) {
            if (line.startsWith("* LIST (")) {
                return line.substring("* LIST (".length(), line.indexOf(')'));
            }
        }
        throw new IOException("no LIST answer for " + folder);
    }

    /** The folder's HIGHESTMODSEQ by STATUS, its name given as the server spells it. */
    public long highestModSeq(String serverName) throws IOException {
        for (String line : command("STATUS \"" + serverName + "\" (HIGHESTMODSEQ)")) {
            Matcher status = HIGHESTMODSEQ.matcher(line);
            if (line.startsWith("* STATUS") && status.find()) {
                return Long.parseLong(status.group(1));
            }
        }
        throw new IOException("no HIGHESTMODSEQ in the STATUS of " + serverName);
    }

    private List<String> command(String command) throws IOException {
        return awaitTagged(send(command), command.split(" ")[0]);
    }

    private List<String> awaitTagged(String t, String command) throws IOException {
        List<String> lines = new ArrayList<>();
        while (true) {
            String line = readLine();
            lines.add(line);
            if (line.startsWith(t + " ")) {
                if (!line.startsWith(t + " OK")) {
                    throw new IOException(command + " failed: " + line);
                }
                return lines;
            }
        }
    }

    private String send(String command) throws IOException {
        String t = "t" + (++tag);
        out.write((t + " " + command + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        return t;
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b < 0 && line.size() == 0) {
            throw new IOException("connection closed");
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        try {
            send("LOGOUT");
        } finally {
            socket.close();
        }
    }
}
