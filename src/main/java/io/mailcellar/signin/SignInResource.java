package io.mailcellar.signin;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.net.URI;

/** Starting a sign-in to a mail provider, and following it: {@code /api/v1/oauth/authorizations}. */
@Path("/api/v1/oauth/authorizations")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Sign-in", description = "Connecting a Google or Microsoft account without other tools")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Kafka or the provider could not be reached; try again",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class SignInResource {

    private final SignIns signIns;

    SignInResource(SignIns signIns) {
        this.signIns = signIns;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start signing a person in to their mail provider", description = "flow device (Microsoft's "
            + "default): the answer has a userCode the person types at verificationUri, on any device; mailcellar "
            + "waits for it. flow code (Google's default): the answer has an authorizationUrl the person opens; the "
            + "provider sends the browser back to /api/v1/oauth/callback. Either way, once the sign-in's state is "
            + "authorized, register the mailbox with auth {\"type\": \"oauth2\", \"authorization\": \"<id>\"}: the "
            + "refresh token never passes through the client. A sign-in expires unfinished after "
            + "mailcellar.oauth.authorization-lifetime (code) or when the provider's device code does.")
    @APIResponse(responseCode = "201", description = "Started; what the person must do",
            content = @Content(schema = @Schema(implementation = SignInView.class)))
    @APIResponse(responseCode = "400", description = "A field to fix, or a provider that refused to start",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response start(@NotNull(message = "a JSON body is required") @Valid SignInRequest request) {
        SignIns.Started started = signIns.start(request);
        SignIn signIn = started.signIn();
        return Response.created(URI.create("/api/v1/oauth/authorizations/" + signIn.id()))
                .entity(SignInView.of(signIn, signIns.now(),
                        started.authorizationUrl() == null ? null : started.authorizationUrl().toString()))
                .build();
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("/{id}")
    @Operation(summary = "How far a sign-in is", description = "pending, authorized, failed (with the provider's "
            + "reason), expired, or used. No token or secret is ever in the answer.")
    @APIResponse(responseCode = "200", description = "The sign-in",
            content = @Content(schema = @Schema(implementation = SignInView.class)))
    @APIResponse(responseCode = "404", description = "No such sign-in (or it ended more than a day ago)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public SignInView get(@PathParam("id") String id) {
        return signIns.find(id).map(signIn -> SignInView.of(signIn, signIns.now(), null))
                .orElseThrow(() -> new NotFoundException("no sign-in with id " + id));
    }
}
