package io.mailcellar.archive.snapshot;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.List;

/**
 * {@code mailboxes/{id}/snapshots/{id}.json}: a mailbox as one sync run left
 * it, written once by a conditional PUT after every object it names is
 * stored, and never changed (docs/archive-format.md). Versioned by
 * {@code format}.
 *
 * @param partial  the run did not finish (cut short by its deadline or its byte budget, or failed part way):
 *                 the snapshot holds what the backup reached, not the whole mailbox
 * @param previous the snapshot this one follows, or null for a mailbox's first
 * @param covers   the last change event it includes, so that its writer can resume after it
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Snapshot(int format, String id, String mailbox, Instant time, boolean partial, String previous,
                       Run run, Covers covers, Counts counts, List<Folder> folders) {

    public static final int FORMAT = 1;

    public Snapshot {
        folders = List.copyOf(folders);
    }

    /** The sync run the snapshot ends; {@code outcome} as in its {@code sync.completed} event. */
    public record Run(Instant started, Instant ended, String outcome) {
    }

    /** A position in the Kafka topic of change events. */
    public record Covers(String topic, int partition, long offset) {
    }

    /**
     * Counts over the whole mailbox: {@code messages} and {@code bytes} count folder memberships (a message in
     * two folders counts twice), {@code uniqueMessages} and {@code storedBytes} the distinct objects.
     */
    public record Counts(int folders, long messages, long bytes, long uniqueMessages, long storedBytes) {
    }

    /**
     * One folder: its name as mailcellar reports it (UTF-8), what the server says of it, and its tree's pages
     * in order of UID (POP3: of arrival).
     *
     * @param serverName    IMAP: the name as the server spells it (modified UTF-7), or null when not known
     * @param highestModSeq IMAP with CONDSTORE: the folder's HIGHESTMODSEQ the snapshot is consistent with, or null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Folder(String name, String serverName, String delimiter, String specialUse, long uidValidity,
                         Long highestModSeq, long messages, long bytes, List<PageRef> pages) {

        public Folder {
            pages = List.copyOf(pages);
        }
    }

    /** A tree page: its key relative to {@code mailboxes/{id}/}, and how many messages it holds. */
    public record PageRef(String key, int messages) {
    }
}
