package io.mailcellar.restore.imap;

import java.time.Instant;
import java.util.List;

/**
 * {@code mailboxes/{id}/restore-journals/{account}/{page}.json}: what one
 * stretch of a restore appended to a target account, written once. Versioned
 * by {@code format}.
 */
public record JournalPage(int format, String restore, Instant written, List<JournalEntry> entries) {

    public static final int FORMAT = 1;

    public JournalPage {
        entries = List.copyOf(entries);
    }
}
