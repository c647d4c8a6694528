package io.mailcellar.app;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class DurationWordsTest {

    @Test
    void theLargestWholeUnit() {
        assertThat(DurationWords.of(Duration.ofDays(16).plusHours(5))).isEqualTo("16 days");
        assertThat(DurationWords.of(Duration.ofHours(1).plusMinutes(59))).isEqualTo("1 hour");
        assertThat(DurationWords.of(Duration.ofMinutes(16))).isEqualTo("16 minutes");
        assertThat(DurationWords.of(Duration.ofSeconds(1))).isEqualTo("1 second");
        assertThat(DurationWords.of(Duration.ZERO)).isEqualTo("0 seconds");
    }
}
