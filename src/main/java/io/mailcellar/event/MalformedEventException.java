package io.mailcellar.event;

/** A record on the events topic that is not a mailcellar event this version can read. */
public class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
