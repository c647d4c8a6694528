package io.mailcellar.archive;

import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.MemoryObjectStore;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageWriterTest {

    private static final byte[] RAW = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA = Sha256.of(RAW);

    private final MemoryObjectStore store = new MemoryObjectStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final MessageWriter writer = new MessageWriter(store, layout, TestArchiveSettings.readBack(false), meters,
            TestSinks.problems(meters));

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
        assertThat(store.options.get(key)).as("a message, its SHA-256 kept as metadata")
                .isEqualTo(new ObjectStore.PutOptions("message/rfc822", Map.of("sha256", SHA), Map.of()));
        assertThat(store.readBacks).as("the store checks the signed SHA-256; no read-back by default").isEmpty();
        assertThat(meters.counter("mailcellar.archive.objects.written").count()).isEqualTo(1);
        assertThat(meters.counter("mailcellar.archive.objects.skipped").count()).isEqualTo(1);
    }

    @Test
    void anObjectOfAnotherSizeUnderTheKeyIsReplaced() {
        String key = layout.messageKey("mb-1", SHA);
        store.objects.put(key, new byte[] {1, 2, 3});

        writer.write(event(SHA, RAW.length, new MessageContent.Inline(RAW)));

        assertThat(store.objects.get(key)).isEqualTo(RAW);
        assertThat(meters.counter("mailcellar.archive.objects.written").count()).isEqualTo(1);
    }

    @Test
    void withReadBackAnObjectThatReadsBackDifferentlyCountsAsAFailedWrite() {
        MemoryObjectStore damaging = new MemoryObjectStore() {
            @Override
            public void replace(String key, Payload payload, PutOptions options) {
                Bytes bytes = (Bytes) payload;
                byte[] damaged = Arrays.copyOfRange(bytes.bytes(), bytes.offset(), bytes.offset() + bytes.length());
                damaged[0] ^= 1;
                super.replace(key, Bytes.of(damaged, bytes.sha256()), options);
            }
        };
        MessageWriter checking = new MessageWriter(damaging, layout, TestArchiveSettings.readBack(true), meters,
                TestSinks.problems(meters));
        String key = layout.messageKey("mb-1", SHA);

        assertThatThrownBy(() -> checking.write(event(SHA, RAW.length, new MessageContent.Inline(RAW))))
                .isInstanceOf(ArchiveUnavailableException.class).hasMessageContaining("reads back");
        assertThat(damaging.readBacks).containsExactly(key);
        assertThat(meters.counter("mailcellar.archive.objects.written").count()).isZero();
    }

    @Test
    void aPollerPlacesALargeMessageAndTheArchiverOnlyConfirmsIt() {
        byte[] response = ("* 1 FETCH (BODY[] {" + RAW.length + "}\r\n").getBytes(StandardCharsets.US_ASCII);
        byte[] buffer = java.util.Arrays.copyOf(response, response.length + RAW.length + 1);
        System.arraycopy(RAW, 0, buffer, response.length, RAW.length);
        String key = layout.messageKey("mb-1", SHA);

        MessageContent.Archived placed = writer.place("mb-1", "INBOX", 10, buffer, response.length, RAW.length, SHA);
        writer.write(event(SHA, RAW.length, placed));

        assertThat(placed).isEqualTo(new MessageContent.Archived(key, RAW.length, SHA));
        assertThat(store.objects.get(key)).as("only the message's bytes of the buffer").isEqualTo(RAW);
        assertThat(store.puts).as("written once, by the poller").containsExactly(key);
        assertThat(meters.counter("mailcellar.archive.objects.written").count()).isEqualTo(1);
        assertThat(meters.counter("mailcellar.archive.objects.skipped").count()).isZero();
    }

    @Test
    void aPlacedMessageThatIsGoneOrElsewhereIsReportedNotSkipped() {
        String key = layout.messageKey("mb-1", SHA);
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length,
                new MessageContent.Archived(key, RAW.length, SHA))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining("removed from the bucket");
        store.objects.put(key, RAW);
        String elsewhere = layout.messageKey("mb-2", SHA);
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length,
                new MessageContent.Archived(elsewhere, RAW.length, SHA))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining(elsewhere);
        assertThatThrownBy(() -> writer.write(event(SHA, RAW.length + 1,
                new MessageContent.Archived(key, RAW.length + 1, SHA))))
                .isInstanceOf(CorruptEventException.class).hasMessageContaining("bytes");
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

}
