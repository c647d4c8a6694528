package io.mailcellar.archive.snapshot;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotIdsTest {

    @Test
    void aPlainSortPutsTheNewestFirstAndTheIdSaysItsTime() {
        Instant time = Instant.parse("2026-12-03T21:45:00.500Z");
        List<String> ids = new ArrayList<>(List.of(SnapshotIds.of(time), SnapshotIds.of(time.plusMillis(1)),
                SnapshotIds.of(Instant.parse("2031-01-01T00:00:00Z")), SnapshotIds.of(Instant.parse("2020-01-01T00:00:00Z"))));
        ids.sort(null);

        assertThat(ids).extracting(SnapshotIds::time).containsExactly(Instant.parse("2031-01-01T00:00:00Z"),
                time.plusMillis(1), time, Instant.parse("2020-01-01T00:00:00Z"));
        assertThat(SnapshotIds.of(time)).endsWith("-20261203T214500500Z");
        assertThat(SnapshotIds.isId(SnapshotIds.of(time))).isTrue();
    }

    @Test
    void refusesWhatIsNoId() {
        assertThat(SnapshotIds.isId("latest")).isFalse();
        assertThat(SnapshotIds.isId("../x")).isFalse();
        assertThatThrownBy(() -> SnapshotIds.time("latest")).isInstanceOf(IllegalArgumentException.class);
    }
}
