package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatchUpTest {

    private static final Instant REGISTERED = Instant.parse("2026-12-04T10:00:00Z");

    @Test
    void removedRecordsMayBeRecentWhenTheFirstKeptOneIsAtOrPastTheTime() {
        assertThat(EventCatchUp.removedSince(REGISTERED, REGISTERED.plusSeconds(90))).isTrue();
        assertThat(EventCatchUp.removedSince(REGISTERED, REGISTERED)).isTrue();
    }

    @Test
    void removedRecordsCameBeforeTheTimeWhenAnOlderRecordIsKept() {
        assertThat(EventCatchUp.removedSince(REGISTERED, REGISTERED.minusSeconds(1))).isFalse();
    }

    @Test
    void aPartitionRetentionEmptiedMayHaveHeldRecentOnes() {
        assertThat(EventCatchUp.removedSince(REGISTERED, null)).isTrue();
    }
}
