package io.mailcellar.api;

/** The service cannot answer yet (still loading, or a dependency is away); answered with 503 and Retry-After. */
public class UnavailableException extends RuntimeException {

    public UnavailableException(String message) {
        super(message);
    }
}
