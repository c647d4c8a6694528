package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** When the archive's bucket may be written, created, or must be reported lost. */
class BucketCheckTest {

    @Test
    void aMarkedBucketIsReadyWithoutAskingKafka() {
        Facts facts = new Facts(true, true, true, true);
        assertThat(BucketCheck.decide(facts, true)).isEqualTo(BucketCheck.Verdict.READY);
        assertThat(facts.asked).containsExactly("exists", "marked");
    }

    @Test
    void anAbsentBucketNeverWrittenIsCreatedWhereAllowed() {
        assertThat(BucketCheck.decide(new Facts(false, false, false, false), true))
                .isEqualTo(BucketCheck.Verdict.CREATE_AND_MARK);
        assertThat(BucketCheck.decide(new Facts(false, false, false, false), false))
                .isEqualTo(BucketCheck.Verdict.ABSENT);
    }

    @Test
    void anAbsentBucketWrittenBeforeIsGoneEvenWhereCreatingIsAllowed() {
        assertThat(BucketCheck.decide(new Facts(false, false, false, true), true)).isEqualTo(BucketCheck.Verdict.GONE);
        assertThat(BucketCheck.Verdict.GONE.writable()).isFalse();
    }

    @Test
    void anUnmarkedBucketIsMarkedWhenItHoldsTheArchiveOrWasNeverWritten() {
        assertThat(BucketCheck.decide(new Facts(true, false, true, true), true))
                .as("an archive from a release that did not mark").isEqualTo(BucketCheck.Verdict.MARK);
        assertThat(BucketCheck.decide(new Facts(true, false, false, false), false))
                .as("a bucket made ready by hand").isEqualTo(BucketCheck.Verdict.MARK);
    }

    @Test
    void anEmptyUnmarkedBucketWrittenBeforeWasEmptied() {
        assertThat(BucketCheck.decide(new Facts(true, false, false, true), true))
                .isEqualTo(BucketCheck.Verdict.EMPTIED);
    }

    @Test
    void theProblemSaysWhatToDo() {
        assertThat(BucketCheck.problem(BucketCheck.Verdict.GONE, "mail", "prod/mailcellar-archive.json"))
                .contains("bucket mail is gone", "not created again empty", "Restore it",
                        "put an object at prod/mailcellar-archive.json");
        assertThat(BucketCheck.problem(BucketCheck.Verdict.ABSENT, "mail", "m"))
                .contains("mailcellar.s3.create-bucket is false");
        assertThatThrownBy(() -> BucketCheck.problem(BucketCheck.Verdict.READY, "mail", "m"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Fixed answers, noting which were asked. */
    private static final class Facts implements BucketCheck.Facts {

        final List<String> asked = new ArrayList<>();
        private final boolean exists;
        private final boolean marked;
        private final boolean holdsObjects;
        private final boolean archivedBefore;

        Facts(boolean exists, boolean marked, boolean holdsObjects, boolean archivedBefore) {
            this.exists = exists;
            this.marked = marked;
            this.holdsObjects = holdsObjects;
            this.archivedBefore = archivedBefore;
        }

        @Override
        public boolean exists() {
            asked.add("exists");
            return exists;
        }

        @Override
        public boolean marked() {
            asked.add("marked");
            return marked;
        }

        @Override
        public boolean holdsObjects() {
            asked.add("holdsObjects");
            return holdsObjects;
        }

        @Override
        public boolean archivedBefore() {
            asked.add("archivedBefore");
            return archivedBefore;
        }
    }
}
