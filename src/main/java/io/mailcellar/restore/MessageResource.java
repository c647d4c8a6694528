package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.io.InputStream;

/** A message's raw bytes, as the archive holds them. */
@Path("/api/v1/mailboxes/{id}/messages/{sha256}")
@Tag(name = "Snapshots")
@SecurityRequirement(name = "bearer")
public class MessageResource {


    private final ArchiveBrowser browser;

    MessageResource(ArchiveBrowser browser) {
        this.browser = browser;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Produces("message/rfc822")
    @Operation(summary = "A message's bytes", description = "The raw message, byte for byte as the mail server "
            + "sent it, served as a download. Its SHA-256 is checked while it is sent: bytes damaged in the bucket "
            + "end the response early instead of arriving whole.")
    @APIResponse(responseCode = "200", description = "The message", content = @Content(mediaType = "message/rfc822"))
    @APIResponse(responseCode = "403", description = "Reading content needs the operator role; every read is audited",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Not a lower-case hex SHA-256",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox, or the archive has no such message",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The bucket could not be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response message(@PathParam("id") String id, @PathParam("sha256") String sha256) {
        InputStream stored = browser.message(id, sha256);
        StreamingOutput body = out -> {
            try (InputStream in = stored) {
                in.transferTo(out);
            }
        };
        return Response.ok(body, "message/rfc822")
                .header("Content-Disposition", "attachment; filename=\"" + sha256 + ".eml\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .build();
    }
}
