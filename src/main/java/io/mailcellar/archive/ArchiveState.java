package io.mailcellar.archive;

import java.time.Instant;

/**
 * What the archivers last did for one mailbox, in the compacted
 * {@code archive-state} topic (keyed by mailbox id), for the API's status:
 * its newest snapshot, and the last sync run they finished with. Versioned
 * by {@code format}; pinned by a golden file.
 *
 * @param lastRunStarted when the last run the archivers finished with started (a snapshot committed for it,
 *                       or the newest one found current): the poller's last run is backed up once this reaches it
 * @param confirmedAt    when the newest snapshot was last written or found current
 */
public record ArchiveState(int format, String mailboxId, LastSnapshot lastSnapshot, Instant lastRunStarted,
                           Instant confirmedAt) {

    public static final int FORMAT = 1;

    /** The newest snapshot, as the status shows it. */
    public record LastSnapshot(String id, Instant time, boolean partial, int folders, long messages, long bytes) {
    }
}
