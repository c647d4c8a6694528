package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EventCatchUpTest {

    @Test
    void nothingRemovedWhenThePartitionStartsAtItsFirstOffset() {
        assertThat(EventCatchUp.removedSince(0, 0L)).isFalse();
        assertThat(EventCatchUp.removedSince(0, 7L)).isFalse();
    }

    @Test
    void removedRecordsMayBeRecentWhenTheFirstKeptOneIsAlreadyPastTheTime() {
        assertThat(EventCatchUp.removedSince(40, 40L)).isTrue();
    }

    @Test
    void removedRecordsCameBeforeTheTimeWhenAnOlderRecordIsKept() {
        assertThat(EventCatchUp.removedSince(40, 52L)).isFalse();
    }

    @Test
    void noRecordSinceTheTimeMeansNothingOfItWasRemovedBeforeAKeptOne() {
        assertThat(EventCatchUp.removedSince(40, null)).isFalse();
    }
}
