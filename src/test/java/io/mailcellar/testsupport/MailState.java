package io.mailcellar.testsupport;

import io.mailcellar.archive.Sha256;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * A folder's messages as comparable text, one line per message: the SHA-256
 * of its bytes, its flags (sorted, {@code \Recent} left out) and its
 * INTERNALDATE in epoch seconds; sorted, so that two folders with the same
 * messages give the same list whatever the order.
 */
public final class MailState {

    private MailState() {
    }

    public static String line(byte[] bytes, Collection<String> flags, java.time.Instant date) {
        TreeSet<String> sorted = new TreeSet<>(flags);
        sorted.remove("\\Recent");
        sorted.remove("");
        return Sha256.of(bytes) + " " + String.join(",", sorted) + " " + date.getEpochSecond();
    }

    /** What the IMAP server holds in a folder. */
    public static List<String> of(List<RawImapClient.RawMessage> messages) {
        return messages.stream().map(m -> line(m.body(), Arrays.asList(m.flags().split(" ")), m.internalDate()))
                .sorted().toList();
    }

    /** What a Maildir++ folder directory holds: flags from the file names and its dovecot-keywords, times. */
    public static List<String> ofMaildir(Path folder) throws IOException {
        Map<Character, String> keywords = Map.of();
        Path keywordFile = folder.resolve("dovecot-keywords");
        if (Files.exists(keywordFile)) {
            keywords = Files.readAllLines(keywordFile).stream().map(line -> line.split(" ", 2)).collect(
                    Collectors.toMap(parts -> (char) ('a' + Integer.parseInt(parts[0])), parts -> parts[1]));
        }
        Function<Character, String> flag = withKeywords(keywords);
        try (Stream<Path> files = Files.list(folder.resolve("cur"))) {
            return files.map(file -> {
                String name = file.getFileName().toString();
                String letters = name.substring(name.indexOf(":2,") + 3);
                try {
                    return line(Files.readAllBytes(file), letters.chars().mapToObj(c -> flag.apply((char) c)).toList(),
                            Files.getLastModifiedTime(file).toInstant());
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).sorted().toList();
        }
    }

    private static Function<Character, String> withKeywords(Map<Character, String> keywords) {
        return letter -> switch (letter) {
            case 'D' -> "\\Draft";
            case 'F' -> "\\Flagged";
            case 'R' -> "\\Answered";
            case 'S' -> "\\Seen";
            case 'T' -> "\\Deleted";
            default -> {
                String keyword = keywords.get(letter);
                if (keyword == null) {
                    throw new IllegalStateException("Maildir letter " + letter + " is in no dovecot-keywords line");
                }
                yield keyword;
            }
        };
    }

    /** The SHA-256 of each message of an mbox file, sorted: an mbox keeps bytes, not flags. */
    public static List<String> ofMbox(Path mbox) throws IOException {
        return MboxReader.read(mbox).stream().map(Sha256::of).sorted().toList();
    }

    /** The SHA-256 of each message the server holds, sorted. */
    public static List<String> bytesOf(List<RawImapClient.RawMessage> messages) {
        return messages.stream().map(m -> Sha256.of(m.body())).sorted().toList();
    }
}
