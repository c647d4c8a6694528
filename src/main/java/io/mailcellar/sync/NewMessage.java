package io.mailcellar.sync;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * A message a protocol task read from the server, with its SHA-256: either
 * {@code length} bytes of {@code bytes} from {@code offset}, which the task
 * no longer changes, or, for a message too large to hold in memory, the
 * {@code spooled} file of {@code length} bytes, which the runtime deletes
 * once the message is archived ({@code bytes} then null). IMAP messages have
 * a UID; POP3 ones a UIDL instead ({@code uidValidity} and {@code uid} 0).
 */
public record NewMessage(String folder, long uidValidity, long uid, String sha256, List<String> flags,
                         Instant internalDate, byte[] bytes, int offset, long length, Path spooled,
                         String pop3Uidl) {

    public NewMessage {
        flags = List.copyOf(flags);
        if ((bytes == null) == (spooled == null)) {
            throw new IllegalArgumentException("a new message is either in memory or spooled to a file");
        }
    }
}
