package io.mailcellar.sync.imap;

import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.imap.command.RecordedAnswers;
import io.mailcellar.sync.imap.command.RemoteFolder;
import io.mailcellar.sync.imap.command.UidFetchFlags;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** Flag changes and expunges, from a QRESYNC answer or from a UID FLAGS scan. */
class FolderChangesTest {

    private static final String MAILBOX = "11111111-0000-4000-8000-000000000001";
    private static final FolderCursor CURSOR = new FolderCursor(7, 4, 10, null, Map.of(
            1L, new KnownMessage(sha("one"), List.of()),
            2L, new KnownMessage(sha("two"), List.of("\\Seen")),
            3L, new KnownMessage(sha("three"), List.of())));

    @Test
    void aQresyncAnswerGivesExpungesAndFlagChangesButNotNewMessages() {
        FolderChanges.Result result = FolderChanges.fromResync(MAILBOX, "INBOX", CURSOR, List.of(2L, 99L),
                Map.of(3L, List.of("\\Flagged"), 1L, List.of(), 4L, List.of("\\Seen")));

        assertThat(result.events()).containsExactly(
                new MessageExpunged(MAILBOX, "INBOX", 7, 2, sha("two"), null),
                new MessageFlagsChanged(MAILBOX, "INBOX", 7, 3, sha("three"), List.of(), List.of("\\Flagged")));
        assertThat(result.known()).containsOnlyKeys(1L, 3L);
        assertThat(result.known().get(3L).flags()).containsExactly("\\Flagged");
    }

    /**
     * A server with CONDSTORE but no QRESYNC (as some Exchange and older
     * Dovecot set-ups): the folder's HIGHESTMODSEQ moved, so it is not skipped,
     * and the changes come from a scan of UID and FLAGS.
     */
    @Test
    void withCondstoreButNoQresyncAScanOfUidAndFlagsFindsTheChanges() throws Exception {
        RemoteFolder listed = new RemoteFolder("INBOX", '/', List.of(), 7, 4, 2, 12);
        assertThat(FolderSync.unchanged(true, listed, CURSOR)).as("HIGHESTMODSEQ moved").isFalse();

        Map<Long, List<String>> current = new TreeMap<>();
        for (String line : List.of("* 1 FETCH (UID 1 FLAGS (\\Seen $Important))", "* 2 FETCH (UID 3 FLAGS ())")) {
            UidFetchFlags.read(RecordedAnswers.fetch(line)).ifPresent(uid -> current.put(uid.getKey(), uid.getValue()));
        }
        FolderChanges.Result result = FolderChanges.fromScan(MAILBOX, "INBOX", CURSOR, current);

        assertThat(result.events()).containsExactly(
                new MessageFlagsChanged(MAILBOX, "INBOX", 7, 1, sha("one"), List.of(), List.of("$Important", "\\Seen")),
                new MessageExpunged(MAILBOX, "INBOX", 7, 2, sha("two"), null));
        assertThat(result.known()).containsOnlyKeys(1L, 3L);
    }

    @Test
    void aFolderWhoseStatusDidNotMoveIsNotOpenedAtAll() {
        RemoteFolder same = new RemoteFolder("INBOX", '/', List.of(), 7, 4, 3, 10);
        assertThat(FolderSync.unchanged(true, same, CURSOR)).isTrue();
        assertThat(FolderSync.unchanged(false, same, CURSOR)).as("without CONDSTORE a flag change is invisible in STATUS")
                .isFalse();
        assertThat(FolderSync.unchanged(true, new RemoteFolder("INBOX", '/', List.of(), 7, 4, 2, 10), CURSOR))
                .as("one message fewer").isFalse();
        assertThat(FolderSync.unchanged(true, new RemoteFolder("INBOX", '/', List.of(), 8, 4, 3, 10), CURSOR))
                .as("renumbered").isFalse();
    }

    @Test
    void noChangesNoEvents() {
        FolderChanges.Result result = FolderChanges.fromScan(MAILBOX, "INBOX", CURSOR,
                Map.of(1L, List.of(), 2L, List.of("\\Seen"), 3L, List.of()));

        assertThat(result.events()).isEmpty();
        assertThat(result.known()).isEqualTo(CURSOR.messages());
    }

    private static String sha(String content) {
        return FolderReconcilerTest.sha(content);
    }
}
