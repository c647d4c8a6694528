package io.mailcellar.sync;

import io.mailcellar.archive.MessageWriter;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.KafkaSettings;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;

/**
 * Decides how an added message's bytes travel: inline in the event up to the
 * inline limit; above it the poller puts the message into its place in the
 * archive itself, and the event only says where.
 */
@ApplicationScoped
class MessageContents {

    private final MessageWriter archive;
    private final long inlineLimit;

    MessageContents(MessageWriter archive, KafkaSettings kafka) {
        this.archive = archive;
        this.inlineLimit = kafka.inlineLimit().asLongValue();
    }

    /** The content of message {@code uid} of the folder: {@code length} bytes from {@code offset}. */
    MessageContent of(String mailboxId, String folder, long uid, byte[] bytes, int offset, int length, String sha256) {
        if (length > inlineLimit) {
            return archive.place(mailboxId, folder, uid, bytes, offset, length, sha256);
        }
        return new MessageContent.Inline(Arrays.copyOfRange(bytes, offset, offset + length));
    }
}
