package io.mailcellar.restore;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/**
 * The messages of a snapshot a search found, folder by folder in name order.
 *
 * @param scanned   messages looked at
 * @param truncated more matched than the limit; narrow the search
 */
@Schema(name = "SearchPage")
public record SearchPage(String snapshot, Instant time, List<Found> items, long scanned, boolean truncated) {

    /** A message found, and its folder. */
    @Schema(name = "FoundMessage")
    public record Found(String folder, MessageSummary message) {
    }
}
