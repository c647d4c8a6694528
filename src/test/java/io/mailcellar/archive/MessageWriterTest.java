package io.mailcellar.archive;

import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MessageWriterTest {

    private static final byte[] RAW = "Subject: hi\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA = Sha256.of(RAW);

    /** An in-memory stand-in for the bucket that records what was done to it. */
    static final class MemoryStore extends ArchiveStore {
        final Map<String, byte[]> objects = new HashMap<>();
        final List<String> puts = new ArrayList<>();
        final List<String> deletes = new ArrayList<>();

        MemoryStore() {
            super(settings());
        }

        @Override
        public Optional<Long> size(String key) {
            return Optional.ofNullable(objects.get(key)).map(b -> (long) b.length);
        }

        @Override
        public void putVerified(String key, byte[] bytes, String sha256) {
            puts.add(key);
            objects.put(key, bytes.clone());
        }

        @Override
        public String sha256Of(String key) {
            return Sha256.of(objects.get(key));
        }

        @Override
        public void copyVerified(String from, String to, String sha256) {
            puts.add(to);
            objects.put(to, objects.get(from).clone());
        }

        @Override
        public void delete(String key) {
            deletes.add(key);
            objects.remove(key);
        }
    }

    private final MemoryStore store = new MemoryStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final MessageWriter writer = new MessageWriter(store, layout, new SimpleMeterRegistry());

    private static MessageAdded event(String sha, long size, MessageContent content) {
        return new MessageAdded("mb-1", "INBOX", 1, 10, sha, size, List.of(), null, content);
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

    private static S3Settings settings() {
        return new S3Settings() {
            public String endpoint() {
                return "http://127.0.0.1:1";
            }

            public String region() {
                return "us-east-1";
            }

            public String bucket() {
                return "test";
            }

            public Optional<String> prefix() {
                return Optional.empty();
            }

            public String accessKey() {
                return "a";
            }

            public String secretKey() {
                return "b";
            }

            public boolean createBucket() {
                return true;
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
