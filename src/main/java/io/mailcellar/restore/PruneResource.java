package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import io.mailcellar.archive.ArchiveSettings;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.SyncRequestPublisher;
import io.mailcellar.restore.prune.PruneReport;
import io.mailcellar.restore.prune.Pruner;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Pruning a mailbox's archive by its retention policy. */
@Path("/api/v1/mailboxes/{id}/prune")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Snapshots", description = "Browsing, exporting and pruning a mailbox's snapshots")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class PruneResource {

    private final ArchiveReads reads;
    private final MailboxRegistry registry;
    private final Pruner pruner;
    private final SyncRequestPublisher requests;
    private final boolean snapshots;
    private final RestoreBook restores;
    private final SecurityIdentity caller;

    PruneResource(ArchiveReads reads, MailboxRegistry registry, Pruner pruner, SyncRequestPublisher requests,
                  ArchiveSettings archive, RestoreBook restores, SecurityIdentity caller) {
        this.caller = caller;
        this.restores = restores;
        this.reads = reads;
        this.registry = registry;
        this.pruner = pruner;
        this.requests = requests;
        this.snapshots = archive.snapshots();
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Operation(summary = "Prune the archive", description = "Applies the mailbox's retention policy: the snapshots "
            + "it does not keep are removed, then the tree pages and messages that no remaining snapshot names. The "
            + "newest snapshot is always kept, and so are the messages mailcellar deleted from a POP3 server (their "
            + "only copy) unless the policy's pruneDeletedFromServer says otherwise. With dryRun=true (the default) "
            + "nothing is removed and the answer says what would be. With dryRun=false the poller that owns the "
            + "mailbox prunes it after a poll, once the archivers stored that poll, so that nothing a sync still "
            + "names is removed; the result is the status's lastPrune. Mailboxes with a policy are also pruned every "
            + "mailcellar.prune.interval (1 day). The dry run needs the operator role, the prune itself admin.")
    @APIResponse(responseCode = "200", description = "The dry run: what a prune would remove now",
            content = @Content(schema = @Schema(implementation = PruneReport.class)))
    @APIResponse(responseCode = "202", description = "Queued; GET /api/v1/mailboxes/{id}/status shows lastPrune")
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "Snapshots are switched off (mailcellar.archive.snapshots): "
            + "without them prune cannot tell what is backed up; or, with dryRun=false, the mailbox is disabled",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The bucket or Kafka could not be reached; nothing was removed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response prune(@PathParam("id") String id, @QueryParam("dryRun") @DefaultValue("true") boolean dryRun,
                          UriInfo uri) {
        if (!dryRun && !caller.hasRole(ApiRole.ADMINISTER)) {
            throw new ForbiddenException("the role admin (a prune removes archived mail; the dry run, which the "
                    + "operator role may ask, removes nothing)");
        }
        Mailbox mailbox = registry.require(id);
        if (!snapshots) {
            throw new ClientErrorException("snapshots are switched off on this server "
                    + "(mailcellar.archive.snapshots=false): without them prune cannot tell what is backed up, so "
                    + "it removes nothing", 409);
        }
        if (!dryRun) {
            if (!mailbox.enabled()) {
                throw new ClientErrorException("mailbox " + id + " is disabled: its archive is pruned after a poll, "
                        + "and a disabled mailbox is not polled; enable it, or ask with dryRun=true to see what a "
                        + "prune would remove", 409);
            }
            requests.requestPrune(id);
            return Response.accepted().location(uri.getBaseUriBuilder().path("api/v1/mailboxes").path(id)
                    .path("status").build()).build();
        }
        return Response.ok(reads.read(id, () -> pruner.prune(mailbox, restores.pendingSnapshots(id), true))).build();
    }
}
