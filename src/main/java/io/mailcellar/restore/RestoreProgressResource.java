package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A restore's progress, by its id, on any API instance. */
@Path("/api/v1/restores/{rid}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Restores")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RestoreProgressResource {

    private final RestoreBook restores;

    RestoreProgressResource(RestoreBook restores) {
        this.restores = restores;
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Operation(summary = "A restore's progress", description = "state: queued, running, succeeded or failed; per "
            + "folder where it went and how many messages were appended, already present or skipped; the "
            + "skipped messages with their reasons; the error that ended a failed one.")
    @APIResponse(responseCode = "200", description = "The restore", content = @Content(schema = @Schema(
            implementation = RestoreView.class)))
    @APIResponse(responseCode = "404", description = "No such restore", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public RestoreView get(@PathParam("rid") String restoreId) {
        return restores.find(restoreId).map(RestoreView::of)
                .orElseThrow(() -> new NotFoundException("no restore with id " + restoreId));
    }

}
