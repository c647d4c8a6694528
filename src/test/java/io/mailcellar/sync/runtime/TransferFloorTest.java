package io.mailcellar.sync.runtime;

import io.mailcellar.sync.TransferSample;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransferFloorTest {

    private static final long SECOND = 1_000_000_000L;
    private final TransferFloor floor = new TransferFloor(100, Duration.ofMinutes(5));

    @Test
    void aServerTricklingWhileTheRunWaitsIsTooSlow() {
        TransferSample before = new TransferSample(5_000, 10 * SECOND);
        TransferSample after = new TransferSample(5_003, 310 * SECOND);

        assertThat(floor.judge(before, after)).hasValue("the server sent 3 bytes in 300 s of waiting, less than "
                + "the minimum of 100 bytes/s (mailcellar.sync.min-transfer-rate)");
    }

    @Test
    void aServerAtTheMinimumIsFastEnough() {
        assertThat(floor.judge(TransferSample.NONE, new TransferSample(30_000, 300 * SECOND))).isEmpty();
    }

    @Test
    void aRunBusyElsewhereIsNotTheServersFault() {
        // Publishing to a slow Kafka for most of the window: the run waited on the server 2 minutes of 5.
        assertThat(floor.judge(TransferSample.NONE, new TransferSample(10, 120 * SECOND))).isEmpty();
        assertThat(floor.judge(TransferSample.NONE, new TransferSample(10, 150 * SECOND)))
                .as("half the window waiting is enough to judge").isPresent();
    }

    @Test
    void noMinimumJudgesNothing() {
        TransferFloor off = new TransferFloor(0, Duration.ZERO);
        assertThat(off.off()).isTrue();
        assertThat(off.judge(TransferSample.NONE, new TransferSample(0, 3_600 * SECOND))).isEmpty();
    }

    @Test
    void aMinimumWithoutAWindowIsRefusedWithWhatToSet() {
        assertThatThrownBy(() -> new TransferFloor(100, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("mailcellar.sync.transfer-window must be a positive duration");
    }
}
