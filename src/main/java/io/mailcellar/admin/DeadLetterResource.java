package io.mailcellar.admin;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import io.mailcellar.api.UnavailableException;
import io.mailcellar.archive.DeadLetterReplay;
import io.mailcellar.kafka.KafkaUnavailableException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/** The events the archivers could not archive: {@code /api/v1/admin/dead-letters}. */
@Path("/api/v1/admin/dead-letters")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Running the service")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class DeadLetterResource {

    private static final Logger LOG = Logger.getLogger(DeadLetterResource.class);

    /** What a replay sent back to the archivers. */
    public record ReplayReport(@Schema(description = "events sent back to mail-events") int replayed,
                               @Schema(description = "how many mailboxes they belong to") int mailboxes) {
    }

    private final DeadLetterReplay replay;

    DeadLetterResource(DeadLetterReplay replay) {
        this.replay = replay;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Path("replay")
    @Operation(summary = "Replay dead letters", description = "Sends every event of the dead-letter topic not "
            + "replayed before back to the archivers, as it was. Call it once what made them reject the events is "
            + "fixed (the status of each mailbox with dead letters says why, as does the archivers' log); an event "
            + "rejected again goes back to the dead-letter topic and marks its mailbox again. Replaying twice sends "
            + "nothing twice.")
    @APIResponse(responseCode = "200", description = "What was replayed",
            content = @Content(schema = @Schema(implementation = ReplayReport.class)))
    @APIResponse(responseCode = "503", description = "Kafka could not be read or written; try again",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ReplayReport replay() {
        try {
            DeadLetterReplay.Replayed replayed = replay.replay();
            return new ReplayReport(replayed.events(), replayed.mailboxes().size());
        } catch (KafkaUnavailableException e) {
            LOG.warnf("replaying dead letters failed: %s", e.getMessage());
            throw new UnavailableException("Kafka could not be reached to replay the dead letters, try again later: "
                    + e.getMessage());
        }
    }
}
