package io.mailcellar.archive;

/** An event whose content does not match what it declares; retrying cannot help, it goes to the DLQ. */
public class CorruptEventException extends RuntimeException {

    public CorruptEventException(String message) {
        super(message);
    }
}
