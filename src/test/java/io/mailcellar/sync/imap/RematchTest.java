package io.mailcellar.sync.imap;

import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.UidValidityChanged;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A renumbered folder (new UIDVALIDITY) matched by content, as a server that rebuilt its index sends it again. */
class RematchTest {

    private static final String MAILBOX = "11111111-0000-4000-8000-000000000001";

    @Test
    void knownContentMapsOldToNewUidsAndOnlyUnknownContentIsNew() {
        FolderCursor old = new FolderCursor(7, 4, 10, "\\Sent", Map.of(
                1L, new KnownMessage(sha("a"), List.of()),
                2L, new KnownMessage(sha("b"), List.of("\\Seen")),
                3L, new KnownMessage(sha("a"), List.of())), "F-1");
        Rematch rematch = new Rematch(MAILBOX, "Sent", old, 8);

        assertThat(rematch.isNew(1, sha("b"), List.of("\\Seen"))).isFalse();
        assertThat(rematch.isNew(2, sha("a"), List.of())).isFalse();
        assertThat(rematch.isNew(3, sha("a"), List.of("\\Flagged"))).as("a second copy matches the second old one")
                .isFalse();
        assertThat(rematch.isNew(5, sha("c"), List.of())).isTrue();
        assertThat(rematch.isNew(6, sha("a"), List.of())).as("no third old copy is left").isTrue();

        assertThat(rematch.events()).containsExactly(
                new UidValidityChanged(MAILBOX, "Sent", 7, 8, Map.of(2L, 1L, 1L, 2L, 3L, 3L)),
                new MessageFlagsChanged(MAILBOX, "Sent", 8, 3, sha("a"), List.of(), List.of("\\Flagged")));
        FolderCursor rebuilt = rematch.cursor(9, 12, "\\Sent");
        assertThat(rebuilt.uidValidity()).isEqualTo(8);
        assertThat(rebuilt.uidNext()).as("the server's UIDNEXT, past the last UID seen").isEqualTo(9);
        assertThat(rebuilt.highestModSeq()).isEqualTo(12);
        assertThat(rebuilt.messages()).containsOnlyKeys(1L, 2L, 3L, 5L, 6L);
        assertThat(rebuilt.messages().get(3L)).isEqualTo(new KnownMessage(sha("a"), List.of("\\Flagged")));
    }

    @Test
    void anEmptiedFolderMapsNothingAndKnowsNothing() {
        FolderCursor old = new FolderCursor(7, 2, 0, null, Map.of(1L, new KnownMessage(sha("a"), List.of())));
        Rematch rematch = new Rematch(MAILBOX, "INBOX", old, 8);

        assertThat(rematch.events()).containsExactly(new UidValidityChanged(MAILBOX, "INBOX", 7, 8, Map.of()));
        assertThat(rematch.cursor(1, 0, null)).isEqualTo(new FolderCursor(8, 1, 0, null, Map.of()));
    }

    private static String sha(String content) {
        return FolderReconcilerTest.sha(content);
    }
}
