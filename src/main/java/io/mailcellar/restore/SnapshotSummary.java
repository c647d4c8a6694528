package io.mailcellar.restore;

import io.mailcellar.archive.snapshot.Snapshot;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;

/**
 * One snapshot as the API lists it.
 *
 * @param partial its run did not finish: it holds what the backup had reached
 */
@Schema(name = "SnapshotSummary")
public record SnapshotSummary(String id, Instant time, boolean partial, int folders, long messages, long bytes,
                              long uniqueMessages, long storedBytes) {

    static SnapshotSummary of(Snapshot snapshot) {
        Snapshot.Counts counts = snapshot.counts();
        return new SnapshotSummary(snapshot.id(), snapshot.time(), snapshot.partial(), counts.folders(),
                counts.messages(), counts.bytes(), counts.uniqueMessages(), counts.storedBytes());
    }
}
