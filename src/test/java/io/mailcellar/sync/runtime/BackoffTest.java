package io.mailcellar.sync.runtime;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final Duration HOUR = Duration.ofHours(1);

    @Test
    void theFirstRetryComesAfterTheRetryDelayOrTheIntervalIfShorter() {
        Backoff backoff = new Backoff(MINUTE, HOUR, () -> 0.5);

        assertThat(backoff.after(1, Duration.ofMinutes(15))).isEqualTo(MINUTE);
        assertThat(backoff.after(1, Duration.ofSeconds(20))).isEqualTo(Duration.ofSeconds(20));
    }

    @Test
    void thePauseDoublesWithEachFailureUpToTheCap() {
        Backoff backoff = new Backoff(MINUTE, HOUR, () -> 0.5);

        assertThat(List.of(2, 3, 4, 5, 6, 7, 8, 50).stream().map(n -> backoff.after(n, Duration.ofMinutes(5))))
                .containsExactly(Duration.ofMinutes(2), Duration.ofMinutes(4), Duration.ofMinutes(8),
                        Duration.ofMinutes(16), Duration.ofMinutes(32), HOUR, HOUR, HOUR);
    }

    @Test
    void eachPauseIsSpreadByAFifthEitherWayButNeverPastTheCap() {
        assertThat(new Backoff(MINUTE, HOUR, () -> 0.0).after(3, HOUR)).isEqualTo(Duration.ofSeconds(192));
        assertThat(new Backoff(MINUTE, HOUR, () -> 0.9999).after(3, HOUR)).isEqualTo(Duration.ofMillis(287_990));
        assertThat(new Backoff(MINUTE, HOUR, () -> 0.999_999).after(9, HOUR)).isEqualTo(HOUR);
    }

    @Test
    void aWrongPasswordCostsAtMostSevenLoginsInTheFirstHourAndOneAnHourAfter() {
        Backoff backoff = new Backoff(MINUTE, HOUR, () -> 0.0); // the shortest pauses: the most attempts
        List<Duration> attempts = new ArrayList<>();
        Duration at = Duration.ZERO;
        for (int failures = 1; at.compareTo(Duration.ofHours(3)) < 0; failures++) {
            attempts.add(at);
            at = at.plus(backoff.after(failures, Duration.ofMinutes(5)));
        }

        assertThat(attempts.stream().filter(t -> t.compareTo(HOUR) < 0)).hasSizeLessThanOrEqualTo(7);
        assertThat(attempts.stream().filter(t -> t.compareTo(Duration.ofHours(2)) >= 0)).hasSizeLessThanOrEqualTo(2);
    }
}
