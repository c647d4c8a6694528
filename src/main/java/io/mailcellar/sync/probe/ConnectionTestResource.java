package io.mailcellar.sync.probe;

import io.mailcellar.api.Problem;
import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.MailboxFactory;
import io.mailcellar.mailbox.MailboxRegistration;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
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

/** {@code POST /api/v1/mailboxes/test}: try a registration's settings before registering them. */
@Path("/api/v1/mailboxes/test")
@Tag(name = "Mailboxes")
@SecurityRequirement(name = "bearer")
public class ConnectionTestResource {

    private final MailboxFactory factory;
    private final ConnectionTest test;

    ConnectionTestResource(MailboxFactory factory, ConnectionTest test) {
        this.factory = factory;
        this.test = test;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Test a mailbox's settings", description = "Takes a registration, as POST "
            + "/api/v1/mailboxes does, and logs in with it: IMAP lists the folders, POP3 the messages waiting. "
            + "Nothing is registered, backed up or changed on the server, and the credentials are not kept. The "
            + "same checks apply as to a registration (400 names each bad field; a host the outbound guard refuses "
            + "is refused). A login that fails is an answer, not an error: ok is false, with the reason in words.")
    @APIResponse(responseCode = "200", description = "What the test found",
            content = @Content(schema = @Schema(implementation = ConnectionTestResult.class)))
    @APIResponse(responseCode = "400", description = "Invalid settings, or a host the service may not connect to",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "401", description = "No or an unknown bearer token",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Needs the operator role",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ConnectionTestResult test(@NotNull(message = "a JSON registration body is required") @Valid
                                     MailboxRegistration registration) {
        return test.test(factory.create(registration));
    }
}
