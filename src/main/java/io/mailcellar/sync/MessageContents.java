package io.mailcellar.sync;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveStore;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Decides how an added message's bytes travel: inline in the event up to the
 * inline limit, above it through an object staged in the archive (claim check).
 */
@ApplicationScoped
class MessageContents {

    private final ArchiveStore archive;
    private final ArchiveLayout layout;
    private final long inlineLimit;

    MessageContents(ArchiveStore archive, ArchiveLayout layout, KafkaSettings kafka) {
        this.archive = archive;
        this.layout = layout;
        this.inlineLimit = kafka.inlineLimit().asLongValue();
    }

    MessageContent of(byte[] bytes, int offset, int length, String sha256) {
        if (length > inlineLimit) {
            String key = layout.newStagingKey();
            archive.stage(key, bytes, offset, length);
            return new MessageContent.ClaimCheck(key, length, sha256);
        }
        return new MessageContent.Inline(java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }
}
