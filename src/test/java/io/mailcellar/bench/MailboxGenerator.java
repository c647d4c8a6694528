package io.mailcellar.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Writes a deterministic, realistic mailbox (seeded) straight into a Dovecot
 * Maildir++ tree: INBOX, Sent, Drafts, Archive, Trash and Projects/Alpha;
 * mostly 2–20 KB text+HTML multiparts, ~5 % with 100 KB–2 MB attachments, two
 * of ~20 MB, 8-bit and RFC 2047 headers, long lines, one message without
 * Message-ID, ~2 % duplicated into a second folder, mixed flags.
 */
final class MailboxGenerator {

    static final Map<String, Integer> FOLDER_SHARES = new LinkedHashMap<>();

    static {
        FOLDER_SHARES.put("INBOX", 49);
        FOLDER_SHARES.put("Sent", 15);
        FOLDER_SHARES.put("Drafts", 1);
        FOLDER_SHARES.put("Archive", 25);
        FOLDER_SHARES.put("Trash", 5);
        FOLDER_SHARES.put("Projects/Alpha", 5);
    }

    private static final String[] WORDS = ("the backup of every message keeps mail safe when a phone is lost or a laptop "
            + "crashes and a client deletes mail from the server meeting report invoice schedule project alpha "
            + "Grüße réunion café naïve über straße").split(" ");
    private static final DateTimeFormatter RFC_5322 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

    /** What was generated. */
    record Generated(int messages, long bytes, int unique, Map<String, Integer> perFolder, int inboxMessages,
                     int inboxUnique, long inboxBytes) {
    }

    private final Path maildir;
    private final UserPrincipal owner;
    private final Random random;
    private int sequence;

    MailboxGenerator(Path maildir, UserPrincipal owner, long seed) {
        this.maildir = maildir;
        this.owner = owner;
        this.random = new Random(seed);
    }

    Generated generate(int count) throws IOException {
        Map<String, Integer> perFolder = new LinkedHashMap<>();
        Set<String> unique = new HashSet<>();
        Set<String> inboxUnique = new HashSet<>();
        long bytes = 0;
        long inboxBytes = 0;
        int total = 0;
        List<String> folders = List.copyOf(FOLDER_SHARES.keySet());
        for (int i = 0; i < count; i++) {
            String folder = pickFolder();
            byte[] message = message(i, i == count / 2, i == count / 3 || i == (2 * count) / 3);
            String flags = flags();
            write(folder, message, flags, false);
            perFolder.merge(folder, 1, Integer::sum);
            total++;
            bytes += message.length;
            String digest = digest(message);
            unique.add(digest);
            if (folder.equals("INBOX")) {
                inboxUnique.add(digest);
                inboxBytes += message.length;
            }
            if (random.nextInt(100) < 2) {
                String other = folders.get(random.nextInt(folders.size()));
                if (!other.equals(folder)) {
                    write(other, message, flags, false);
                    perFolder.merge(other, 1, Integer::sum);
                    total++;
                    bytes += message.length;
                    if (other.equals("INBOX")) {
                        inboxUnique.add(digest);
                        inboxBytes += message.length;
                    }
                }
            }
        }
        chown(maildir);
        return new Generated(total, bytes, unique.size(), perFolder, perFolder.getOrDefault("INBOX", 0),
                inboxUnique.size(), inboxBytes);
    }

    /** New, unread messages arriving in INBOX (Maildir {@code new/}). */
    long deliver(int count) throws IOException {
        long bytes = 0;
        for (int i = 0; i < count; i++) {
            byte[] message = incremental(message(1_000_000 + sequence, false, false));
            write("INBOX", message, "", true);
            bytes += message.length;
        }
        chown(maildir);
        return bytes;
    }

    /** Marked so the benchmark can remove them again after each tool's incremental run. */
    private static byte[] incremental(byte[] message) {
        byte[] header = "X-Bench: incremental\n".getBytes(StandardCharsets.US_ASCII);
        byte[] marked = new byte[header.length + message.length];
        System.arraycopy(header, 0, marked, 0, header.length);
        System.arraycopy(message, 0, marked, header.length, message.length);
        return marked;
    }

    private String pickFolder() {
        int roll = random.nextInt(100);
        for (Map.Entry<String, Integer> share : FOLDER_SHARES.entrySet()) {
            roll -= share.getValue();
            if (roll < 0) {
                return share.getKey();
            }
        }
        return "INBOX";
    }

    private String flags() {
        StringBuilder flags = new StringBuilder();
        if (random.nextInt(100) < 10) {
            flags.append('F');
        }
        if (random.nextInt(100) < 15) {
            flags.append('R');
        }
        if (random.nextInt(100) < 70) {
            flags.append('S');
        }
        return flags.toString();
    }

    private byte[] message(int n, boolean withoutMessageId, boolean huge) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String boundary = "b" + n + "x" + random.nextInt(1_000_000);
        ZonedDateTime date = ZonedDateTime.of(2024, 1, 1, 8, 0, 0, 0, ZoneOffset.UTC).plusMinutes(n * 37L);
        header(out, "Return-Path: <sender" + random.nextInt(500) + "@example.org>");
        header(out, "Date: " + RFC_5322.format(date));
        header(out, n % 7 == 0
                ? "From: =?UTF-8?Q?J=C3=B6rg_M=C3=BCller?= <joerg@example.org>"
                : "From: Sender " + random.nextInt(500) + " <sender@example.org>");
        header(out, "To: bench@localhost");
        header(out, "Subject: " + (n % 11 == 0 ? "Grüße zum Projekt " + n : n % 13 == 0
                ? "=?UTF-8?B?" + Base64.getEncoder().encodeToString(("Réunion n°" + n).getBytes(StandardCharsets.UTF_8)) + "?="
                : "Message " + n + " " + word() + " " + word()));
        if (!withoutMessageId) {
            header(out, "Message-ID: <" + n + "." + random.nextInt(1_000_000) + "@bench.example.org>");
        }
        header(out, "MIME-Version: 1.0");
        boolean attachment = huge || random.nextInt(100) < 5;
        header(out, "Content-Type: multipart/" + (attachment ? "mixed" : "alternative") + "; boundary=\"" + boundary + "\"");
        header(out, "");
        header(out, "--" + boundary);
        header(out, "Content-Type: text/plain; charset=UTF-8");
        header(out, "Content-Transfer-Encoding: 8bit");
        header(out, "");
        int textBytes = 1_000 + random.nextInt(9_000);
        text(out, textBytes, n % 17 == 0);
        header(out, "--" + boundary);
        header(out, "Content-Type: text/html; charset=UTF-8");
        header(out, "");
        out.writeBytes("<html><body><p>".getBytes(StandardCharsets.UTF_8));
        text(out, textBytes, false);
        header(out, "</p></body></html>");
        if (attachment) {
            int size = huge ? 15_000_000 : 100_000 + random.nextInt(1_400_000);
            byte[] payload = new byte[size];
            random.nextBytes(payload);
            header(out, "--" + boundary);
            header(out, "Content-Type: application/octet-stream; name=\"attachment-" + n + ".bin\"");
            header(out, "Content-Transfer-Encoding: base64");
            header(out, "");
            out.writeBytes(Base64.getMimeEncoder(76, "\n".getBytes(StandardCharsets.US_ASCII)).encode(payload));
            header(out, "");
        }
        header(out, "--" + boundary + "--");
        return out.toByteArray();
    }

    private void text(ByteArrayOutputStream out, int bytes, boolean longLine) {
        StringBuilder line = new StringBuilder();
        int written = 0;
        while (written < bytes) {
            line.append(word()).append(' ');
            if (!longLine && line.length() > 70) {
                byte[] encoded = (line + "\n").getBytes(StandardCharsets.UTF_8);
                out.writeBytes(encoded);
                written += encoded.length;
                line.setLength(0);
            } else if (longLine && line.length() > 5_000) {
                longLine = false;
            }
        }
        out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private String word() {
        return WORDS[random.nextInt(WORDS.length)];
    }

    private static void header(ByteArrayOutputStream out, String line) {
        out.writeBytes((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void write(String folder, byte[] message, String flags, boolean unseen) throws IOException {
        Path dir = folder.equals("INBOX") ? maildir : maildir.resolve("." + folder.replace('/', '.'));
        for (String sub : List.of("cur", "new", "tmp")) {
            Files.createDirectories(dir.resolve(sub));
        }
        int id = ++sequence;
        String base = (1_700_000_000L + id) + ".M" + id + "P1.bench,S=" + message.length;
        Path file = unseen ? dir.resolve("new").resolve(base) : dir.resolve("cur").resolve(base + ":2," + flags);
        Files.write(file, message);
    }

    private static String digest(byte[] message) {
        return io.mailcellar.testsupport.ArchivedMessages.sha256(message);
    }

    private void chown(Path root) throws IOException {
        try (var paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                Files.setOwner(path, owner);
            }
        }
    }
}
