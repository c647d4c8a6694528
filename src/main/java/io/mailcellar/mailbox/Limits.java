package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * How much a mailbox's backups may download, so that a provider's quota is
 * never hit: Gmail allows about 2,500 MB of IMAP download a day, and a first
 * backup of a larger account spreads over several days instead of failing.
 * Left out, nothing is limited.
 */
@Schema(name = "MailboxLimits", description = "Download limits; by default none")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Limits(
        @Schema(description = "Bytes a day (UTC) at most; once reached, the backup stops and goes on at the next "
                + "midnight UTC, and the status says throttled until then", examples = "2000000000")
        @Min(1_000_000) @Max(1_000_000_000_000L) Long maxBytesPerDay,
        @Schema(description = "Bytes a second at most, averaged over a run", examples = "2000000")
        @Min(10_000) @Max(10_000_000_000L) Long maxBytesPerSecond,
        @Schema(description = "Connections to the account at once, shared by IDLE, polls and restores; defaults "
                + "to 3 (Gmail allows 15 for everything a user runs): a run takes one, IDLE one per watched folder",
                examples = "3")
        @Min(1) @Max(15) Integer maxConnections) {

    public static final int DEFAULT_MAX_CONNECTIONS = 3;

    /** Whether nothing is limited. */
    @JsonIgnore
    public boolean none() {
        return maxBytesPerDay == null && maxBytesPerSecond == null && maxConnections == null;
    }

    /** The connections the account may have at once. */
    public static int maxConnections(Limits limits) {
        return limits == null || limits.maxConnections() == null ? DEFAULT_MAX_CONNECTIONS : limits.maxConnections();
    }
}
