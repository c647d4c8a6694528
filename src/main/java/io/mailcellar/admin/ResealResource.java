package io.mailcellar.admin;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.SealedFor;
import io.mailcellar.mailbox.SecretSealer;
import io.mailcellar.restore.RestoreBook;
import io.mailcellar.restore.RestoreRecord;
import io.mailcellar.signin.SignIn;
import io.mailcellar.signin.SignInBook;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Sealing every stored secret anew under the active key: {@code /api/v1/admin/reseal}. */
@Path("/api/v1/admin/reseal")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Administration", description = "Running the service")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class ResealResource {

    private static final Logger LOG = Logger.getLogger(ResealResource.class);

    /** What a reseal did. */
    @Schema(name = "ResealReport")
    public record ResealReport(
            @Schema(description = "the key every secret is now sealed with") String activeKey,
            @Schema(description = "registrations sealed anew") int registrations,
            @Schema(description = "restore targets sealed anew") int restoreTargets,
            @Schema(description = "sign-ins (pending or finished, not yet taken by a registration) sealed anew")
            int signIns,
            @Schema(description = "secrets already under the active key, left as they were") int unchanged,
            @Schema(description = "restores running now, whose target is sealed anew by a reseal once they end")
            List<String> runningRestores,
            @Schema(description = "secrets that could not be opened (their key is missing, or they were altered), "
                    + "by mailbox or restore id, with the reason; give those mailboxes new credentials")
            List<String> failed) {
    }

    private final MailboxRegistry registry;
    private final RestoreBook restores;
    private final SecretSealer sealer;
    private final SignInBook signIns;

    ResealResource(MailboxRegistry registry, RestoreBook restores, SecretSealer sealer, SignInBook signIns) {
        this.signIns = signIns;
        this.registry = registry;
        this.restores = restores;
        this.sealer = sealer;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Operation(summary = "Seal every secret anew under the active key", description = "Rotating a sealing key: "
            + "add the new key to mailcellar.sealing.keys and make it mailcellar.sealing.active-key on every "
            + "instance, call this, and remove the old key once the answer lists nothing failed or running. Every "
            + "registration's secret, every restore target's and every sign-in's is opened and sealed again, bound to its mailbox, "
            + "server and account; secrets already sealed so are left alone, so calling it twice changes nothing "
            + "the second time.")
    @APIResponse(responseCode = "200", description = "What was sealed anew",
            content = @Content(schema = @Schema(implementation = ResealReport.class)))
    @APIResponse(responseCode = "503", description = "The registry is still loading, or Kafka did not take a "
            + "write; call again (what was resealed stays so)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public ResealReport reseal() {
        int registrations = 0;
        int targets = 0;
        int unchanged = 0;
        List<String> running = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (Mailbox mailbox : registry.all()) {
            try {
                Optional<String> resealed = sealer.reseal(SealedFor.of(mailbox), mailbox.auth().sealedSecret());
                if (resealed.isEmpty()) {
                    unchanged++;
                    continue;
                }
                // Read again just before the write, so that a change made meanwhile is not undone.
                Mailbox current = registry.find(mailbox.id()).orElse(null);
                if (current != null && current.auth().equals(mailbox.auth())) {
                    registry.put(current.withAuth(new Mailbox.SealedAuth(mailbox.auth().type(), resealed.get())));
                    registrations++;
                }
            } catch (SecretSealer.SealingException e) {
                failed.add("mailbox " + mailbox.id() + ": " + e.getMessage());
            }
        }
        for (RestoreRecord record : restores.isReady() ? restores.all() : List.<RestoreRecord>of()) {
            RestoreRecord.Target target = record.target();
            if (target == null) {
                continue;
            }
            if (record.state() == RestoreRecord.State.RUNNING) {
                running.add(record.id());
                continue;
            }
            try {
                Optional<String> resealed = sealer.reseal(target.sealedFor(record.mailbox()),
                        target.auth().sealedSecret());
                if (resealed.isEmpty()) {
                    unchanged++;
                    continue;
                }
                restores.put(record.withTarget(target.withSealedSecret(resealed.get())));
                targets++;
            } catch (SecretSealer.SealingException e) {
                failed.add("restore " + record.id() + ": " + e.getMessage());
            }
        }
        int signInsResealed = 0;
        for (SignIn signIn : signIns.isReady() ? signIns.all() : List.<SignIn>of()) {
            if (signIn.sealed() == null) {
                continue;
            }
            try {
                Optional<String> resealed = sealer.reseal(SealedFor.signIn(signIn.id()), signIn.sealed());
                if (resealed.isEmpty()) {
                    unchanged++;
                    continue;
                }
                signIns.put(signIn.resealed(resealed.get()));
                signInsResealed++;
            } catch (SecretSealer.SealingException e) {
                failed.add("sign-in " + signIn.id() + ": " + e.getMessage());
            }
        }
        LOG.infof("reseal under key '%s': %d registrations, %d restore targets and %d sign-ins sealed anew, "
                        + "%d unchanged, %d restores running, %d failed", sealer.activeKeyId(), registrations, targets,
                signInsResealed, unchanged, running.size(), failed.size());
        failed.forEach(LOG::warn);
        return new ResealReport(sealer.activeKeyId(), registrations, targets, signInsResealed, unchanged, running,
                failed);
    }
}
