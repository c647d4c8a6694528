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
}
