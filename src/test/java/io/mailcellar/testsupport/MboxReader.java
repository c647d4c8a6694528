package io.mailcellar.testsupport;

import org.apache.james.mime4j.mboxiterator.CharBufferWrapper;
import org.apache.james.mime4j.mboxiterator.MboxIterator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads an mboxrd file with a standard reader (Apache James mime4j's mbox
 * iterator), set for 8-bit bytes (ISO-8859-1 maps each byte to one char) and
 * messages of any size; then undoes the mboxrd quoting ({@code ^>+From }
 * loses one {@code >}) and takes off the LF that ends every message.
 */
public final class MboxReader {

    private static final Pattern QUOTED = Pattern.compile("(?m)^>(>*From )");

    private MboxReader() {
    }

    /** The separator lines of an mbox file, in order. */
    public static List<String> fromLines(Path mbox) throws IOException {
        return Files.readAllLines(mbox, StandardCharsets.ISO_8859_1).stream().filter(line -> line.startsWith("From "))
                .toList();
    }

    /** Each message's bytes, in file order (the reader gives what follows each separator line). */
    public static List<byte[]> read(Path mbox) throws IOException {
        List<byte[]> entries = new ArrayList<>();
        try (MboxIterator iterator = MboxIterator.fromFile(mbox.toFile()).charset(StandardCharsets.ISO_8859_1)
                .fromLine("^From \\S+.*\\d{4}$").maxMessageSize((int) Files.size(mbox) + 1).build()) {
            for (CharBufferWrapper message : iterator) {
                String text;
                try (InputStream in = message.asInputStream(StandardCharsets.ISO_8859_1)) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    in.transferTo(out);
                    text = out.toString(StandardCharsets.ISO_8859_1);
                }
                String body = text;
                if (!body.endsWith("\n")) {
                    throw new IllegalStateException("a message not ended by the separator LF in " + mbox);
                }
                body = QUOTED.matcher(body.substring(0, body.length() - 1)).replaceAll("$1");
                entries.add(body.getBytes(StandardCharsets.ISO_8859_1));
            }
        }
        return entries;
    }
}
