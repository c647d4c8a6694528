package io.mailcellar.archive;

import io.mailcellar.testsupport.MemoryArchiveStore;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageWriterTest {

    private static final byte[] RAW = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA = Sha256.of(RAW);

    private final MemoryArchiveStore store = new MemoryArchiveStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final MessageWriter writer = new MessageWriter(store, layout, new SimpleMeterRegistry());

    private static MessageAdded event(String sha, long size, MessageContent content) {
        return new MessageAdded("mb-1", "INBOX", 1, 10, sha, size, List.of(), null, content, null);
    }

    @Test
    void writesTheMessageUnderItsDigestOnce() {
        writer.write(event(SHA, RAW.length, new MessageContent.Inline(RAW)));
        writer.write(event(SHA, RAW.length, new MessageContent.Inline(RAW)));

        String key = layout.messageKey("mb-1", SHA);
        assertThat(store.puts).containsExactly(key);
        assertThat(store.objects.get(key)).isEqualTo(RAW);
    }

    @Test
    void aClaimCheckIsReadFromStagingAndRemovedAfterwards() {
        String staged = layout.newStagingKey();
        store.objects.put(staged, RAW);

        writer.write(event(SHA, RAW.length, new MessageContent.ClaimCheck(staged, RAW.length, SHA)));

        assertThat(store.objects.get(layout.messageKey("mb-1", SHA))).isEqualTo(RAW);
        assertThat(store.deletes).containsExactly(staged);
        assertThat(store.objects).doesNotContainKey(staged);
    }

    @Test
    void contentThatDoesNotMatchItsDigestIsNeverArchived() {
        String wrongSha = Sha256.of(new byte[]{1});
        assertThatThrownBy(() -> writer.write(event(wrongSha, RAW.length, new MessageContent.Inline(RAW))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining(wrongSha);
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length + 1, new MessageContent.Inline(RAW))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining("bytes");
        assertThat(store.puts).isEmpty();
    }

    @Test
    void aClaimCheckOutsideTheStagingAreaIsRefused() {
        String elsewhere = layout.messageKey("mb-2", SHA);
        store.objects.put(elsewhere, RAW);
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length,
                new MessageContent.ClaimCheck(elsewhere, RAW.length, SHA))))
                .isInstanceOf(CorruptEventException.class);
        assertThat(store.deletes).isEmpty();
    }

    @Test
    void aMissingStagedObjectIsReportedNotSkipped() {
        String staged = layout.newStagingKey();
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length, new MessageContent.ClaimCheck(staged, RAW.length, SHA))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining("gone");
    }
}
