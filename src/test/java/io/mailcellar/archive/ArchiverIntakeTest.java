package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ArchiverIntakeTest {

    private static final long MIB = 1024 * 1024;
    private static final long INLINE = 512 * 1024;

    @Test
    void theDefaultsReadAHundredAndThirteenOfTheLargestEventsAtOnceAndWriteAHalf() {
        ArchiverIntake intake = ArchiverIntake.of(256 * MIB, INLINE);

        assertThat(intake.maxPollRecords()).isEqualTo(113);
        assertThat(intake.fetchMaxBytes()).isEqualTo(64 * MIB);
        assertThat(intake.partitionFetchBytes()).isEqualTo(MIB);
        assertThat(intake.inFlightBytes()).isBetween(128 * MIB, 130 * MIB);
        assertThat(intake.bound(INLINE)).isEqualTo(256 * MIB);
    }

    @Test
    void theBoundHoldsForAnyBudgetThatFitsThreeEvents() {
        for (long budget = 3 * (INLINE + ArchiverIntake.EVENT_OVERHEAD); budget < 2048 * MIB; budget = budget * 3 / 2) {
            ArchiverIntake intake = ArchiverIntake.of(budget, INLINE);
            assertThat(intake.bound(INLINE)).as("budget %d", budget).isLessThanOrEqualTo(budget);
            assertThat(intake.maxPollRecords()).isBetween(1, 500);
            assertThat(intake.inFlightBytes()).as("a whole read of the largest events fits in flight")
                    .isGreaterThanOrEqualTo(intake.maxPollRecords() * (INLINE + ArchiverIntake.EVENT_OVERHEAD));
            assertThat((long) intake.partitionFetchBytes()).isLessThanOrEqualTo(intake.fetchMaxBytes());
        }
    }

    @Test
    void moreMemoryReadsNoMoreThanKafkasDefault() {
        assertThat(ArchiverIntake.of(4096 * MIB, INLINE).maxPollRecords()).isEqualTo(500);
    }

    @Test
    void aBudgetTooSmallForThreeEventsSaysWhatToSet() {
        assertThatThrownBy(() -> ArchiverIntake.of(MIB, INLINE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mailcellar.archive.buffer-memory (1048576 bytes) must hold at least three")
                .hasMessageContaining("raise it to 1769472");
    }

    @Test
    void theyAreKafkaConsumerSettings() {
        assertThat(ArchiverIntake.of(256 * MIB, INLINE).consumerSettings())
                .containsEntry("max.poll.records", 113)
                .containsEntry("fetch.max.bytes", (int) (64 * MIB))
                .containsEntry("max.partition.fetch.bytes", (int) MIB);
    }
}
