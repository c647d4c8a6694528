package io.mailcellar.restore;

import io.mailcellar.api.Problem;
import io.mailcellar.api.UnavailableException;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.mailbox.MailboxRegistry;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.util.List;

/** A mailbox's snapshots, read from the bucket. */
@Path("/api/v1/mailboxes/{id}/snapshots")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Snapshots", description = "What the archive holds of a mailbox, run by run")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SnapshotResource {

    private static final Logger LOG = Logger.getLogger(SnapshotResource.class);

    private final MailboxRegistry registry;
    private final SnapshotCatalog catalog;

    SnapshotResource(MailboxRegistry registry, SnapshotCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    @GET
    @Operation(summary = "List snapshots", description = "Newest first. A snapshot is written after every sync run "
            + "that changed something, once every message it names is stored: a message is backed up once a "
            + "snapshot names it. Counts: messages and bytes count folder memberships (a message in two folders "
            + "counts twice), uniqueMessages and storedBytes the distinct stored messages. A partial snapshot's "
            + "run did not finish (cut short or failed part way).")
    @APIResponse(responseCode = "200", description = "One page of snapshots",
            content = @Content(schema = @Schema(implementation = SnapshotPage.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The bucket could not be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SnapshotPage list(@PathParam("id") String id,
                             @QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                             @QueryParam("limit") @DefaultValue("20") @Min(1) @Max(100) int limit) {
        if (registry.find(id).isEmpty()) {
            throw new NotFoundException("no mailbox with id " + id);
        }
        try {
            List<String> ids = catalog.ids(id);
            List<SnapshotSummary> page = ids.stream().skip(offset).limit(limit)
                    .flatMap(snapshotId -> catalog.snapshot(id, snapshotId).stream())
                    .map(SnapshotSummary::of).toList();
            return new SnapshotPage(page, offset, limit, ids.size());
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: its snapshots could not be listed: %s", id, e.getMessage());
            throw new UnavailableException("the bucket could not be read, try again later: " + e.getMessage());
        }
    }
}
