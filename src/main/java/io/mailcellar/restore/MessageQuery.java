package io.mailcellar.restore;

import io.mailcellar.archive.snapshot.TreeMessage;

import java.time.Instant;
import java.util.Locale;

/**
 * What a search of a snapshot asks: From and Subject containing some text
 * (in any case), and a message's date (IMAP: its INTERNALDATE; POP3: when
 * mailcellar first saw it) in a range. Every part left out matches all.
 *
 * @param since the earliest date, inclusive
 * @param before the date messages must be older than
 */
public record MessageQuery(String from, String subject, Instant since, Instant before) {

    public MessageQuery {
        from = from == null ? "" : from.strip().toLowerCase(Locale.ROOT);
        subject = subject == null ? "" : subject.strip().toLowerCase(Locale.ROOT);
    }

    public boolean isEmpty() {
        return from.isEmpty() && subject.isEmpty() && since == null && before == null;
    }

    boolean matches(TreeMessage message) {
        if (!from.isEmpty() && (message.from() == null || !message.from().toLowerCase(Locale.ROOT).contains(from))) {
            return false;
        }
        if (!subject.isEmpty() && (message.subject() == null
                || !message.subject().toLowerCase(Locale.ROOT).contains(subject))) {
            return false;
        }
        Instant date = message.internalDate() != null ? message.internalDate() : message.firstSeen();
        if (since != null && (date == null || date.isBefore(since))) {
            return false;
        }
        return before == null || (date != null && date.isBefore(before));
    }
}
