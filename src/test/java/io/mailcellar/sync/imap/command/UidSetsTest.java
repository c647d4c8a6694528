package io.mailcellar.sync.imap.command;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class UidSetsTest {

    @Test
    void runsBecomeRanges() {
        assertThat(UidSets.of(List.of(1L, 2L, 3L, 4L, 5L, 7L, 9L, 10L, 11L, 12L))).isEqualTo("1:5,7,9:12");
        assertThat(UidSets.of(List.of(42L))).isEqualTo("42");
        assertThat(UidSets.of(List.of())).isEmpty();
    }
}
