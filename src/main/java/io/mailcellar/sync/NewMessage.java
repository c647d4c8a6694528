package io.mailcellar.sync;

import java.time.Instant;
import java.util.List;

/**
 * A message a protocol task read from the server: {@code length} bytes of
 * {@code bytes} from {@code offset}, which the task no longer changes, with
 * their SHA-256. IMAP messages have a UID; POP3 ones a UIDL instead
 * ({@code uidValidity} and {@code uid} 0).
 */
public record NewMessage(String folder, long uidValidity, long uid, String sha256, List<String> flags,
                         Instant internalDate, byte[] bytes, int offset, int length, String pop3Uidl) {

    public NewMessage {
        flags = List.copyOf(flags);
    }
}
