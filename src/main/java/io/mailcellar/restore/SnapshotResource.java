package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;


/** A mailbox's snapshots and what they hold, read from the bucket. */
@Path("/api/v1/mailboxes/{id}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Snapshots", description = "What the archive holds of a mailbox, run by run")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "404", description = "No such mailbox (or snapshot, or folder)",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "The bucket could not be read",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SnapshotResource {

    private static final String SID = "A snapshot id, as the list gives it, or latest for the newest";

    private final ArchiveBrowser browser;

    SnapshotResource(ArchiveBrowser browser) {
        this.browser = browser;
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Operation(summary = "List snapshots", description = "Newest first. A snapshot is written after every sync run "
            + "that changed something, once every message it names is stored: a message is backed up once a "
            + "snapshot names it. Counts: messages and bytes count folder memberships (a message in two folders "
            + "counts twice), uniqueMessages and storedBytes the distinct stored messages. A partial snapshot's "
            + "run did not finish (cut short or failed part way).")
    @APIResponse(responseCode = "200", description = "One page of snapshots",
            content = @Content(schema = @Schema(implementation = SnapshotPage.class)))
    public SnapshotPage list(@PathParam("id") String id,
                             @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                             @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        return browser.snapshots(id, offset, limit);
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("/{sid}/folders")
    @Operation(summary = "A snapshot's folders", description = "Every folder the snapshot holds, by name, with "
            + "its messages and bytes.")
    @APIResponse(responseCode = "200", description = "The folders",
            content = @Content(schema = @Schema(implementation = SnapshotFolders.class)))
    @APIResponse(responseCode = "400", description = "sid is neither a snapshot id nor latest",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SnapshotFolders folders(@PathParam("id") String id,
                                   @PathParam("sid") @Parameter(description = SID) String sid) {
        return browser.folders(id, sid);
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("/{sid}/messages")
    @Operation(summary = "A folder's messages in a snapshot", description = "In order of UID (POP3: of arrival), "
            + "paged. Each with its SHA-256 (which names its bytes: GET /api/v1/mailboxes/{id}/messages/{sha256}), "
            + "UID, size, INTERNALDATE, flags, and From, Subject and Date from its stored header.")
    @APIResponse(responseCode = "200", description = "One page of messages",
            content = @Content(schema = @Schema(implementation = MessagePage.class)))
    @APIResponse(responseCode = "400", description = "No folder given, or sid is neither a snapshot id nor latest",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MessagePage messages(@PathParam("id") String id,
                                @PathParam("sid") @Parameter(description = SID) String sid,
                                @QueryParam("folder") @Parameter(description = "The folder's name, as the folder "
                                        + "list gives it", required = true) String folder,
                                @QueryParam("offset") @DefaultValue("0") @Min(0) long offset,
                                @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        return browser.messages(id, sid, folder, offset, limit);
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("/{sid}/search")
    @Operation(summary = "Search a snapshot", description = "Messages whose From and Subject contain the texts "
            + "given (in any case) and whose date (IMAP: INTERNALDATE; POP3: when first seen) is in the range, "
            + "folder by folder in name order, at most limit; truncated says more matched. Reads every page of "
            + "the snapshot's message lists, so a large mailbox takes a moment.")
    @APIResponse(responseCode = "200", description = "What was found",
            content = @Content(schema = @Schema(implementation = SearchPage.class)))
    @APIResponse(responseCode = "400", description = "No criterion, a malformed date, or sid is neither a snapshot "
            + "id nor latest",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SearchPage search(@PathParam("id") String id,
                             @PathParam("sid") @Parameter(description = SID) String sid,
                             @QueryParam("from") @Size(max = 256) String from,
                             @QueryParam("subject") @Size(max = 256) String subject,
                             @QueryParam("since") @Parameter(description = "RFC 3339, inclusive") String since,
                             @QueryParam("before") @Parameter(description = "RFC 3339, exclusive") String before,
                             @QueryParam("limit") @DefaultValue("100") @Min(1) @Max(500) int limit) {
        MessageQuery query = new MessageQuery(from, subject, time("since", since), time("before", before));
        if (query.isEmpty()) {
            throw new BadRequestException("give at least one of from, subject, since and before");
        }
        return browser.search(id, sid, query, limit);
    }

    /** An RFC 3339 time of a query parameter, or null when it is not given. */
    static java.time.Instant time(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(value.strip()).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new BadRequestException(name + " must be an RFC 3339 time such as 2026-12-01T00:00:00Z, not "
                    + value);
        }
    }
}
