package io.mailcellar.api;

/**
 * A request field that passed its own constraints but breaks a rule across
 * fields or of the operator; answered with 400 naming the field.
 */
public class InvalidFieldException extends RuntimeException {

    private final String field;

    public InvalidFieldException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The JSON path of the offending field, e.g. {@code security} or {@code pop3.days}. */
    public String field() {
        return field;
    }
}
