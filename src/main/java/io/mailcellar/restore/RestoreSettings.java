package io.mailcellar.restore;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Exports and restores ({@code mailcellar.restore.*}); the offline commands read the same keys. */
@ConfigMapping(prefix = "mailcellar.restore")
public interface RestoreSettings {

    /**
     * How many messages an export reads from the bucket at once. Each holds at most 1 MiB in memory (a larger
     * message waits in a temporary file), so an export's memory stays near this many MiB.
     */
    @WithDefault("8")
    int exportConcurrency();

    /** How long, in all, a restore's target may ask it to wait ({@code [THROTTLED]}, ...) before it fails. */
    @WithDefault("30m")
    java.time.Duration maxThrottled();

    /**
     * How many times a restore whose target or bucket failed (a lost connection, a refused login) is tried
     * again, a minute apart and then two, four, ..., before it is failed with the reason. A new request resumes
     * it without duplicates.
     */
    @WithDefault("3")
    int retries();

    /**
     * How long the record of an ended restore ({@code GET /api/v1/restores/{rid}}) is kept; then the poller that
     * owns its mailbox removes it from the {@code restores} topic. The journal in the bucket stays: a later
     * restore into the same account still appends nothing twice.
     */
    @WithDefault("30d")
    java.time.Duration keepEnded();
}
