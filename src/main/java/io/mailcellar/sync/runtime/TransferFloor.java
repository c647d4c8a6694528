package io.mailcellar.sync.runtime;

import io.mailcellar.sync.TransferSample;

import java.time.Duration;
import java.util.Optional;

/**
 * The minimum transfer rate of a run, judged once per window from two
 * samples of its connections: a window in which the run spent at least half
 * its time waiting for the server, and got less than the minimum rate over
 * that waiting, is too slow. Time the run spent elsewhere (publishing to
 * Kafka, writing to S3) is not the server's fault and does not count.
 */
record TransferFloor(long minBytesPerSecond, Duration window) {

    TransferFloor {
        if (minBytesPerSecond > 0 && (window.isNegative() || window.isZero())) {
            throw new IllegalArgumentException("mailcellar.sync.transfer-window must be a positive duration, not "
                    + window + " (or set mailcellar.sync.min-transfer-rate to 0 to turn the check off)");
        }
    }

    /** True when no minimum is set. */
    boolean off() {
        return minBytesPerSecond <= 0;
    }

    /** Why the run is too slow, in words for its status; empty while it is fast enough, or not waiting. */
    Optional<String> judge(TransferSample before, TransferSample now) {
        if (off()) {
            return Optional.empty();
        }
        long waitedNanos = now.waitedNanos() - before.waitedNanos();
        if (waitedNanos < window.toNanos() / 2) {
            return Optional.empty();
        }
        long bytes = now.bytes() - before.bytes();
        double waitedSeconds = waitedNanos / 1e9;
        if (bytes >= minBytesPerSecond * waitedSeconds) {
            return Optional.empty();
        }
        return Optional.of(String.format(java.util.Locale.ROOT, "the server sent %d bytes in %.0f s of waiting, "
                        + "less than the minimum of %d bytes/s (mailcellar.sync.min-transfer-rate)",
                bytes, waitedSeconds, minBytesPerSecond));
    }
}
