package io.mailcellar.kafka;

/**
 * A fenced write was refused because its writer no longer holds the
 * partition it was fenced by (another member took it over, or the group
 * moved on to a newer generation). Nothing of the write was made visible.
 */
public class FencedWriteException extends RuntimeException {

    public FencedWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
