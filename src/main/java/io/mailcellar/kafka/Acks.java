package io.mailcellar.kafka;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for Kafka's acknowledgements against a deadline: the one place
 * where a refused, unanswered or interrupted send becomes a
 * {@link KafkaUnavailableException} that says what was being written.
 */
public final class Acks {

    private Acks() {
    }

    /** A deadline {@code timeout} from now, on {@link System#nanoTime()}'s scale. */
    public static long deadline(Duration timeout) {
        return System.nanoTime() + timeout.toNanos();
    }

    /** Waits for the acknowledgement until the deadline; {@code what} names the write in the error. */
    public static <T> T await(Future<T> ack, long deadlineNanos, String what) {
        try {
            return ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while waiting for Kafka to acknowledge " + what, e);
        } catch (ExecutionException e) {
            throw new KafkaUnavailableException("Kafka refused " + what + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new KafkaUnavailableException("Kafka did not acknowledge " + what + " in time", e);
        }
    }
}
