package io.mailcellar.event;

/**
 * The raw RFC 5322 bytes of an added message: inline in the event, or, above
 * the inline limit, a claim check naming an object staged in the archive.
 */
public sealed interface MessageContent {

    /** The message bytes themselves, exactly as the server sent them. */
    record Inline(byte[] bytes) implements MessageContent {
    }

    /** An object staged under {@code staging/} in the bucket, holding the bytes. */
    record ClaimCheck(String stagedKey, long size, String sha256) implements MessageContent {
    }
}
