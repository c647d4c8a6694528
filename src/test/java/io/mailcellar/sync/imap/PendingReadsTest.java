package io.mailcellar.sync.imap;

import io.mailcellar.sync.cursor.PendingMessage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class PendingReadsTest {

    @Test
    void whatABatchAskedForAndDidNotGetIsPendingWithTheParseFailureAsItsReason() {
        PendingReads reads = new PendingReads(Map.of(), 1);
        reads.withinLimit(new TreeMap<>(Map.of(4L, 100L, 5L, 200L, 6L, 300L)), 1000);

        reads.arrived(4);
        reads.arrived(6);
        reads.batchEnded(List.of(4L, 5L, 6L), List.of("INTERNALDATE parse error"));

        assertThat(reads.pending()).containsExactly(Map.entry(5L,
                new PendingMessage("the server's answer for it could not be read (INTERNALDATE parse error)", 1, 200)));
    }

    @Test
    void aMessageLeftOutWithoutAnyErrorIsPendingToo() {
        PendingReads reads = new PendingReads(Map.of(), 1);

        reads.batchEnded(List.of(9L), List.of());

        assertThat(reads.pending()).containsExactly(Map.entry(9L,
                new PendingMessage("the server did not send it when asked", 1, -1)));
    }

    @Test
    void eachFailedRunCountsAndTheLatestReasonIsKept() {
        PendingReads reads = new PendingReads(Map.of(5L, new PendingMessage("the server did not send it", 2, 200)), 9);
        reads.withinLimit(new TreeMap<>(Map.of(5L, 210L)), 1000);

        reads.unreadable(5, "the server sent no body for it (BODY[] NIL)");
        reads.batchEnded(List.of(5L), List.of());

        assertThat(reads.pending()).containsExactly(Map.entry(5L,
                new PendingMessage("the server sent no body for it (BODY[] NIL)", 3, 210)));
    }

    @Test
    void aMessageThatArrivesIsNoLongerPending() {
        PendingReads reads = new PendingReads(Map.of(5L, new PendingMessage("the server did not send it", 2, 200)), 9);

        reads.arrived(5);
        reads.batchEnded(List.of(5L), List.of());

        assertThat(reads.pending()).isEmpty();
    }

    @Test
    void aMessageOverTheLimitIsPendingWithItsSize() {
        PendingReads reads = new PendingReads(Map.of(), 1);
        assertThat(reads.withinLimit(new TreeMap<>(Map.of(7L, 10L, 8L, 3_000_000_000L)), 268_435_456L))
                .as("what is fetched").containsOnlyKeys(7L);

        assertThat(reads.pending().get(8L).reason()).isEqualTo(
                "it is 3000000000 bytes, over the limit of 268435456 bytes per message "
                        + "(mailcellar.mail.max-message-size)");
        assertThat(reads.pending().get(8L).size()).isEqualTo(3_000_000_000L);
    }

    @Test
    void pendingMessagesTheServerNoLongerHasAreGivenUp() {
        PendingReads reads = new PendingReads(Map.of(
                5L, new PendingMessage("x", 1, 1), 6L, new PendingMessage("y", 1, 1)), 9);

        assertThat(reads.forgetAllBut(List.of(6L))).containsExactly(5L);
        assertThat(reads.pending()).containsOnlyKeys(6L);
    }

    @Test
    void uidNextPassesAMessageOverTheLimitOnlyWithTheBatchAboveItOrAtTheEnd() {
        PendingReads reads = new PendingReads(Map.of(), 50);
        SortedMap<Long, Long> wanted = reads.withinLimit(new TreeMap<>(Map.of(
                50L, 10L, 51L, 10L, 55L, 5_000L, 60L, 10L, 70L, 5_000L)), 1_000);
        assertThat(wanted).containsOnlyKeys(50L, 51L, 60L);

        reads.arrived(50);
        reads.arrived(51);
        reads.batchEnded(List.of(50L, 51L), List.of());
        assertThat(reads.uidNext()).as("not past 55 before 52..54 could be fetched: a crash skips nothing")
                .isEqualTo(52);

        reads.arrived(60);
        reads.batchEnded(List.of(60L), List.of());
        assertThat(reads.uidNext()).as("55 is pending and behind the batch now").isEqualTo(61);

        reads.allFetched();
        assertThat(reads.uidNext()).isEqualTo(71);
        assertThat(reads.pending()).containsOnlyKeys(55L, 70L);
    }
}
