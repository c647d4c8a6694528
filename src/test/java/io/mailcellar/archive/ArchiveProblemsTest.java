package io.mailcellar.archive;

import io.mailcellar.testsupport.MovableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ArchiveProblemsTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");
    private static final String KEY_REFUSED = "the S3 key was refused (403 InvalidAccessKeyId)";

    private final MovableClock clock = new MovableClock(START);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final List<String> reported = new ArrayList<>();
    private final ArchiveProblems problems = new ArchiveProblems((mailboxId, problem) -> reported.add(
            mailboxId + ": " + (problem == null ? "none" : problem.reason() + " since " + problem.since()
                    + " at " + problem.reportedAt())), clock, meters);

    @Test
    void aRefusalIsReportedAtOnceThenEveryMinuteWhileItLastsAndItsEndOnce() {
        problems.failed("mb-1", refused(KEY_REFUSED));
        clock.advance(Duration.ofSeconds(30));
        problems.failed("mb-1", refused(KEY_REFUSED));
        assertThat(reported).containsExactly("mb-1: " + KEY_REFUSED + " since " + START + " at " + START);
        assertThat(meters.get("mailcellar.archive.refused.mailboxes").gauge().value()).isEqualTo(1.0);

        clock.advance(Duration.ofSeconds(31));
        problems.failed("mb-1", refused(KEY_REFUSED));
        assertThat(reported).last().isEqualTo("mb-1: " + KEY_REFUSED + " since " + START + " at "
                + START.plusSeconds(61));

        problems.accepted("mb-1");
        problems.accepted("mb-1");
        assertThat(reported).hasSize(3).last().isEqualTo("mb-1: none");
        assertThat(meters.get("mailcellar.archive.refused.mailboxes").gauge().value()).isZero();
    }

    @Test
    void anotherReasonIsReportedAtOnceKeepingWhenTheRefusalBegan() {
        problems.failed("mb-1", refused(KEY_REFUSED));
        clock.advance(Duration.ofSeconds(5));
        problems.failed("mb-1", refused("the bucket mail does not exist (404 NoSuchBucket)"));
        assertThat(reported).last().isEqualTo("mb-1: the bucket mail does not exist (404 NoSuchBucket) since "
                + START + " at " + START.plusSeconds(5));
    }

    @Test
    void passingTroubleAndAWriteWithoutAProblemReportNothing() {
        problems.failed("mb-1", new ArchiveUnavailableException("S3 answered 503 Slow Down", null));
        problems.accepted("mb-1");
        assertThat(reported).isEmpty();
    }

    private static ArchiveRefusedException refused(String reason) {
        return new ArchiveRefusedException("S3 write failed: " + reason, reason, null);
    }
}
