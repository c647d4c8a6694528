package io.mailcellar.web;

import io.mailcellar.restore.SnapshotSummary;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SnapshotChartTest {

    @Test
    void pointsRunOldestToNewestEachLineScaledToItsMaximum() {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        List<SnapshotSummary> newestFirst = List.of(
                summary(t.plusSeconds(200), 100, 5_000_000),
                summary(t.plusSeconds(100), 50, 5_000_000),
                summary(t, 0, 0));

        SnapshotChart chart = SnapshotChart.of(newestFirst);

        assertThat(chart.messagePoints()).isEqualTo("0.0,120.0 300.0,62.0 600.0,4.0");
        assertThat(chart.bytePoints()).isEqualTo("0.0,120.0 300.0,4.0 600.0,4.0");
        assertThat(chart.maxMessages()).isEqualTo("100");
        assertThat(chart.maxBytes()).isEqualTo("5.0 MB");
        assertThat(chart.firstTime()).isEqualTo("2026-12-01T00:00:00Z");
        assertThat(SnapshotChart.of(List.of()).points()).isZero();
    }

    private static SnapshotSummary summary(Instant time, long messages, long bytes) {
        return new SnapshotSummary("s" + time.getEpochSecond(), time, false, 1, messages, bytes, messages, bytes);
    }
}
