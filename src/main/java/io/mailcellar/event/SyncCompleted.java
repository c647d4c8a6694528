package io.mailcellar.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The end of one poll of a mailbox: how it went and what it found.
 *
 * @param outcome       {@code success}, {@code failure}, or {@code busy} (a POP3 maildrop locked by another session)
 * @param error         what went wrong, without secrets; null on success
 * @param messagesAdded how many {@link MessageAdded} events the run published
 * @param notes         what the mailbox's owner should know (e.g. a POP3 server without UIDL)
 * @param folders       IMAP: each backed-up folder as the run left it, by name; empty for POP3. Added within
 *                      format 1: absent reads as empty
 */
public record SyncCompleted(
        String mailboxId,
        Instant started,
        Instant ended,
        String outcome,
        String error,
        int messagesAdded,
        List<String> notes,
        Map<String, FolderState> folders) implements MailEvent {

    /**
     * A folder as the server knows it.
     *
     * @param serverName    its name as the server spells it on the wire (modified UTF-7, RFC 3501), or null when
     *                      the run did not list it
     * @param highestModSeq its HIGHESTMODSEQ (RFC 7162) the cursor holds, 0 without CONDSTORE
     */
    public record FolderState(String serverName, long highestModSeq) {
    }

    public SyncCompleted {
        notes = notes == null ? List.of() : List.copyOf(notes);
        folders = folders == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(folders));
    }

    /** A run that reports no folders (POP3). */
    public SyncCompleted(String mailboxId, Instant started, Instant ended, String outcome, String error,
                         int messagesAdded, List<String> notes) {
        this(mailboxId, started, ended, outcome, error, messagesAdded, notes, Map.of());
    }

    @Override
    public EventType type() {
        return EventType.SYNC_COMPLETED;
    }

    @Override
    public String id() {
        return EventIds.of(type(), mailboxId, started.toString());
    }
}
