package io.mailcellar.sync.runtime;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The pause before the next poll of a failing mailbox: the retry delay after
 * the first failure (or the mailbox's interval, if shorter), doubling with
 * each failure in a row up to a cap, each spread by ±20 % so that mailboxes
 * that failed together (a server down) do not all come back at once. With
 * the defaults (1 minute, 1 hour) a wrong password costs 7 login attempts in
 * the first hour and one an hour after. Pure, the randomness given.
 */
final class Backoff {

    private final Duration retryDelay;
    private final Duration cap;
    private final DoubleSupplier random;

    Backoff(Duration retryDelay, Duration cap, DoubleSupplier random) {
        this.retryDelay = retryDelay;
        this.cap = cap;
        this.random = random;
    }

    /** The pause after {@code failures} failed polls in a row (1 or more). */
    Duration after(int failures, Duration interval) {
        Duration first = interval.compareTo(retryDelay) < 0 ? interval : retryDelay;
        if (failures <= 1) {
            return first;
        }
        long millis = first.toMillis();
        for (int i = 1; i < failures && millis < cap.toMillis(); i++) {
            millis *= 2;
        }
        double spread = 0.8 + 0.4 * random.getAsDouble();
        return Duration.ofMillis(Math.min(cap.toMillis(), Math.round(Math.min(millis, cap.toMillis()) * spread)));
    }
}
