package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Which snapshots of a mailbox prune keeps, as restic's {@code forget}
 * decides it (docs/restore.md#retention-and-prune). A rule left out keeps
 * nothing by itself; no rule at all keeps everything. Messages mailcellar
 * deleted from a POP3 server live only in the archive, so prune keeps them
 * whatever the rules unless {@code pruneDeletedFromServer} says otherwise.
 */
@Schema(name = "MailboxRetention", description = "Which snapshots prune keeps; by default every one")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Retention(
        @Schema(description = "The newest snapshots to keep", examples = "30")
        @Min(1) @Max(1_000_000) Integer keepLast,
        @Schema(description = "For this many of the newest days (UTC) that have snapshots, the day's newest")
        @Min(1) @Max(1_000_000) Integer keepDaily,
        @Schema(description = "The same per ISO week")
        @Min(1) @Max(1_000_000) Integer keepWeekly,
        @Schema(description = "The same per month")
        @Min(1) @Max(1_000_000) Integer keepMonthly,
        @Schema(description = "POP3 only: also remove messages mailcellar deleted from the server once no kept "
                + "snapshot names them (their only copy). Defaults to false: they are kept")
        Boolean pruneDeletedFromServer) {

    /** Whether no rule is set: every snapshot is kept. */
    public boolean keepsAll() {
        return keepLast == null && keepDaily == null && keepWeekly == null && keepMonthly == null;
    }

    /** Whether prune may remove messages mailcellar deleted from a POP3 server. */
    public boolean prunesDeletedFromServer() {
        return Boolean.TRUE.equals(pruneDeletedFromServer);
    }
}
