package io.mailcellar.event;

/**
 * The raw RFC 5322 bytes of an added message: inline in the event, or, above
 * the inline limit, a claim check saying where in the bucket they are.
 */
public sealed interface MessageContent {

    /** The message bytes themselves, exactly as the server sent them. */
    record Inline(byte[] bytes) implements MessageContent {
    }

    /**
     * The message is already in its place in the archive: the poller wrote it
     * there (content-addressed, with the same conditional PUT, verified by the
     * store, that the archiver uses), and the event only says where.
     */
    record Archived(String key, long size, String sha256) implements MessageContent {
    }
}
