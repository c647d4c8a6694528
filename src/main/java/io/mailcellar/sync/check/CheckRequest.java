package io.mailcellar.sync.check;

/** A check of a mailbox's archive asked of its next run; {@code readData} also reads and hashes every object. */
public record CheckRequest(boolean readData) {

    /** Both asked: the deeper check wins. */
    public CheckRequest and(CheckRequest other) {
        return other == null ? this : new CheckRequest(readData || other.readData);
    }
}
