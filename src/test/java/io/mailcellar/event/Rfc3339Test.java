package io.mailcellar.event;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class Rfc3339Test {

    @Test
    void readsTheCodecsOwnFormAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(3339);
        long first = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        long last = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
        for (int i = 0; i < 20_000; i++) {
            String text = Instant.ofEpochSecond(random.nextLong(first, last + 1)).toString();
            assertThat(Rfc3339.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "2024-02-29T23:59:59Z", "2000-02-29T12:00:00Z",
                "1969-12-31T23:59:59Z", "2026-11-24T09:00:00Z"}) {
            assertThat(Rfc3339.parse(edge)).as(edge).isEqualTo(Instant.parse(edge));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-24T09:00:00.250Z", "2026-11-24T10:00:00+01:00", "2026-11-24t09:00:00z",
            "2016-12-31T23:59:60Z"})
    void otherRfc3339FormsAreReadByTheGeneralParser(String text) {
        assertThat(Rfc3339.parse(text)).isEqualTo(Instant.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"2023-02-29T09:00:00Z", "2026-13-01T09:00:00Z", "2026-00-10T09:00:00Z",
            "2026-04-31T09:00:00Z", "2026-11-24T25:00:00Z", "2026-11-24T09:61:00Z", "2026-11-2XT09:00:00Z",
            "2026-11-24 09:00:00Z", "yesterday"})
    void whatIsNoTimeIsRefusedAsByTheGeneralParser(String text) {
        assertThatThrownBy(() -> Instant.parse(text)).isInstanceOf(DateTimeException.class);
        assertThatThrownBy(() -> Rfc3339.parse(text)).isInstanceOf(DateTimeException.class);
    }
}
