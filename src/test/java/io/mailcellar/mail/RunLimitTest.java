package io.mailcellar.mail;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The pace and the day of a run's downloads, on a clock that moves only when the limit waits. */
class RunLimitTest {

    private final AtomicLong nanos = new AtomicLong();
    private final AtomicLong slept = new AtomicLong();

    private RunLimit limit(long perSecond, DownloadDay day, Instant now) {
        return new RunLimit(perSecond, day, nanos::get, pause -> {
            slept.addAndGet(pause);
            nanos.addAndGet(pause);
        }, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void aPaceWaitsUntilTheBytesReadAreDueAndNoLonger() throws Exception {
        RunLimit limit = limit(1_000, null, Instant.parse("2026-12-05T10:00:00Z"));

        limit.took(500);
        limit.took(500);
        assertThat(slept.get()).as("1,000 bytes at 1,000 a second").isEqualTo(1_000_000_000L);

        nanos.addAndGet(2_000_000_000L); // the server took its time: nothing more to wait for
        limit.took(1_000);
        assertThat(slept.get()).isEqualTo(1_000_000_000L);
        limit.took(2_000);
        assertThat(slept.get()).as("4,000 bytes are due at 4 s").isEqualTo(1_000_000_000L + 1_000_000_000L);
    }

    @Test
    void aUsedUpDayFailsTheReadAndSaysWhenItGoesOn() throws Exception {
        Instant now = Instant.parse("2026-12-05T23:59:00Z");
        DownloadDay day = new DownloadDay(1_000);
        RunLimit limit = limit(0, day, now);

        limit.took(600);
        assertThatThrownBy(() -> limit.took(600)).isInstanceOf(RunLimit.DailyLimitReached.class)
                .hasMessageContaining("1000 bytes").hasMessageContaining("2026-12-06T00:00:00Z");
        assertThat(day.spent(now)).isTrue();
        assertThat(day.spent(Instant.parse("2026-12-06T00:00:00Z"))).as("a new day").isFalse();
    }

    @Test
    void aNewLimitKeepsWhatTheDayAlreadyCounted() {
        Instant now = Instant.parse("2026-12-05T12:00:00Z");
        DownloadDay day = new DownloadDay(1_000);
        day.add(900, now);

        assertThat(DownloadDay.carrying(day, 800).spent(now)).isTrue();
        assertThat(DownloadDay.carrying(day, 5_000).spent(now)).isFalse();
    }
}
