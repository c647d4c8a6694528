package io.mailcellar.app;

/** What one process of mailcellar does; a small install runs all three in one. */
public enum Role {
    /** The REST API. */
    API,
    /** Polls mail servers and publishes change events. */
    POLLER,
    /** Writes the events' messages to the object store. */
    ARCHIVER
}
