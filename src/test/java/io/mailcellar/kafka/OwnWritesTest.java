package io.mailcellar.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OwnWritesTest {

    private final OwnWrites writes = new OwnWrites();

    @Test
    void ourWritesComingBackAreSkippedOnceEach() {
        writes.sending("k", new byte[]{1});
        writes.sending("k", new byte[]{2});
        assertThat(writes.skip("k", new byte[]{1})).isTrue();
        assertThat(writes.skip("k", new byte[]{2})).isTrue();
        assertThat(writes.skip("k", new byte[]{2})).as("nothing pending any more").isFalse();
    }

    @Test
    void aRecordOlderThanOurPendingWriteNeverOverwritesIt() {
        writes.sending("k", new byte[]{2});
        assertThat(writes.skip("k", new byte[]{9})).as("written by another instance before ours").isTrue();
        assertThat(writes.skip("k", new byte[]{2})).isTrue();
        assertThat(writes.skip("k", new byte[]{7})).as("written after ours: applied").isFalse();
    }

    @Test
    void aFailedSendIsForgotten() {
        writes.sending("k", new byte[]{1});
        writes.forget("k", new byte[]{1});
        assertThat(writes.skip("k", new byte[]{1})).isFalse();
        assertThat(writes.skip("other", new byte[]{1})).isFalse();
    }

    @Test
    void writesOfAPartitionLetGoAreForgotten() {
        writes.sending("a/cursor", new byte[]{1});
        writes.sending("b/cursor", new byte[]{1});
        writes.forgetKeys(key -> key.startsWith("a/"));
        assertThat(writes.skip("a/cursor", new byte[]{1})).as("read again from its beginning: applied").isFalse();
        assertThat(writes.skip("b/cursor", new byte[]{1})).isTrue();
    }
}
