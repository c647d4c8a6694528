package io.mailcellar.restore.prune;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RetentionPolicyTest {

    private static RetentionPolicy.Dated at(String id, String time) {
        return new RetentionPolicy.Dated(id, Instant.parse(time));
    }

    /** Two a day on Mon 30 Nov to Thu 3 Dec 2026, one on Wed 28 Oct, one on Sun 29 Nov. */
    private static final List<RetentionPolicy.Dated> SNAPSHOTS = List.of(
            at("oct", "2026-10-28T12:00:00Z"),
            at("sun", "2026-11-29T23:00:00Z"),
            at("mon-am", "2026-11-30T08:00:00Z"), at("mon-pm", "2026-11-30T20:00:00Z"),
            at("tue-am", "2026-12-01T08:00:00Z"), at("tue-pm", "2026-12-01T20:00:00Z"),
            at("wed-am", "2026-12-02T08:00:00Z"), at("wed-pm", "2026-12-02T20:00:00Z"),
            at("thu-am", "2026-12-03T08:00:00Z"), at("thu-pm", "2026-12-03T20:00:00Z"));

    @Test
    void noRulesKeepEverything() {
        assertThat(RetentionPolicy.KEEP_ALL.keep(SNAPSHOTS)).hasSize(SNAPSHOTS.size());
    }

    @Test
    void keepLastKeepsTheNewest() {
        assertThat(new RetentionPolicy(1, null, null, null).keep(SNAPSHOTS)).containsExactly("thu-pm");
        assertThat(new RetentionPolicy(3, null, null, null).keep(SNAPSHOTS))
                .containsExactlyInAnyOrder("thu-pm", "thu-am", "wed-pm");
    }

    @Test
    void dailyWeeklyAndMonthlyKeepEachPeriodsNewest() {
        assertThat(new RetentionPolicy(null, 2, null, null).keep(SNAPSHOTS))
                .containsExactlyInAnyOrder("thu-pm", "wed-pm");
        // ISO weeks start on Monday: Sun 29 Nov closes the week before.
        assertThat(new RetentionPolicy(null, null, 2, null).keep(SNAPSHOTS))
                .containsExactlyInAnyOrder("thu-pm", "sun");
        // November's newest is Monday 30 November's evening.
        assertThat(new RetentionPolicy(null, null, null, 3).keep(SNAPSHOTS))
                .containsExactlyInAnyOrder("thu-pm", "mon-pm", "oct");
    }

    @Test
    void aSnapshotAnyRuleKeepsIsKept() {
        assertThat(new RetentionPolicy(1, 3, 1, 2).keep(SNAPSHOTS))
                .containsExactlyInAnyOrder("thu-pm", "wed-pm", "tue-pm", "mon-pm");
    }

    @Test
    void aRuleKeepsAtLeastOne() {
        assertThatThrownBy(() -> new RetentionPolicy(0, null, null, null))
                .hasMessage("a retention rule keeps at least 1, or is left out");
    }
}
