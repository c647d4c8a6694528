package io.mailcellar.restore.prune;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** Prune ({@code mailcellar.prune.*}). */
@ConfigMapping(prefix = "mailcellar.prune")
public interface PruneSettings {

    /**
     * How often the archive of a mailbox with a retention policy is pruned, after one of its polls; 0 prunes only
     * on request ({@code POST /api/v1/mailboxes/{id}/prune}).
     */
    @WithDefault("1d")
    Duration interval();
}
