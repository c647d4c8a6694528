package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.api.Problem;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.MailboxSettings;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.SecretSealer;
import io.mailcellar.mailbox.Security;
import io.mailcellar.mailbox.SyncRequestPublisher;
import io.mailcellar.outbound.OutboundGuard;
import io.mailcellar.restore.select.FolderSelection;
import jakarta.validation.Valid;
import jakarta.ws.rs.Consumes;
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
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** Restores of a snapshot into an IMAP account, and their progress. */
@Path("/api/v1/mailboxes/{id}/restores")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Restores", description = "Putting a snapshot back into an IMAP account")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "503", description = "Kafka or the bucket could not be reached; nothing was started",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class RestoreResource {

    private static final Logger LOG = Logger.getLogger(RestoreResource.class);

    private final ArchiveReads reads;
    private final MailboxRegistry registry;
    private final RestoreBook restores;
    private final SecretSealer sealer;
    private final MailboxSettings mailboxSettings;
    private final Clock clock;
    private final SyncRequestPublisher wakeUps;
    private final OutboundGuard guard;

    RestoreResource(ArchiveReads reads, MailboxRegistry registry, RestoreBook restores, SecretSealer sealer,
                    MailboxSettings mailboxSettings, Clock clock, SyncRequestPublisher wakeUps,
                    OutboundGuard guard) {
        this.wakeUps = wakeUps;
        this.reads = reads;
        this.registry = registry;
        this.restores = restores;
        this.sealer = sealer;
        this.mailboxSettings = mailboxSettings;
        this.clock = clock;
        this.guard = guard;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Restore a snapshot into an IMAP account", description = "Accepted at once, run by the "
            + "poller that owns the mailbox; GET /api/v1/restores/{rid} follows it. Every message is APPENDed byte "
            + "for byte with its INTERNALDATE, flags and the keywords the target keeps. Idempotent: the same "
            + "restore asked again appends nothing, and one cut short resumes without duplicates. A target with a "
            + "host needs its own auth, so a stored password never goes to another host. A POP3 mailbox restores "
            + "into an IMAP target only.")
    @APIResponse(responseCode = "202", description = "Queued", content = @Content(schema = @Schema(
            implementation = RestoreView.class)))
    @APIResponse(responseCode = "400", description = "A field to fix", content = @Content(
            mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox, or no snapshot at that time",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response restore(@PathParam("id") String id, @Valid RestoreRequest request) {
        RestoreRequest asked = request == null ? new RestoreRequest(null, null, null, null, null) : request;
        Mailbox mailbox = registry.require(id);
        try {
            new FolderSelection(asked.folders());
        } catch (IllegalArgumentException e) {
            throw new InvalidFieldException("folders", e.getMessage());
        }
        RestoreRecord.Target target = target(mailbox, asked.target());
        Snapshot snapshot = reads.snapshotAt(id, asked.at());
        String into = asked.into() != null ? asked.into()
                : "Restored/" + snapshot.time().truncatedTo(ChronoUnit.SECONDS);
        Instant now = clock.instant();
        RestoreRecord record = new RestoreRecord(RestoreRecord.FORMAT, UUID.randomUUID().toString(), id,
                snapshot.id(), snapshot.time(), asked.folders(), asked.messages(), into, target,
                RestoreRecord.State.QUEUED, now, null, null, RestoreRecord.Progress.NONE);
        restores.put(record);
        try {
            // A poll request wakes the poller that owns the mailbox: it runs a waiting restore before any poll.
            wakeUps.request(id, false);
        } catch (RuntimeException e) {
            LOG.infof("mailbox %s: restore %s starts at its poller's next look, within a second (%s)", id,
                    record.id(), e.getMessage());
        }
        LOG.infof("mailbox %s: restore %s of snapshot %s queued, into %s", id, record.id(), snapshot.id(),
                target == null ? "its own account" : "an account at " + target.host());
        return Response.accepted(RestoreView.of(record)).location(URI.create("/api/v1/restores/" + record.id()))
                .build();
    }

    /** The target account as stored, its secret sealed; null for the mailbox's own. */
    private RestoreRecord.Target target(Mailbox mailbox, RestoreRequest.Target asked) {
        if (asked == null) {
            if (mailbox.protocol() == Protocol.POP3) {
                throw new InvalidFieldException("target", "a POP3 mailbox restores into an IMAP account: give "
                        + "target with host, username and auth");
            }
            return null;
        }
        if (asked.auth() == null) {
            throw new InvalidFieldException("target.auth", "is required with a target host: a stored password is "
                    + "never sent to another host");
        }
        if (asked.auth().type() != io.mailcellar.mailbox.AuthType.PASSWORD) {
            throw new InvalidFieldException("target.auth.type", "a restore target logs in with a password (type "
                    + "password)");
        }
        if (asked.auth().password() == null || asked.auth().password().isBlank()) {
            throw new InvalidFieldException("target.auth.password", "is required");
        }
        Security security = asked.security() == null ? Security.TLS : asked.security();
        if (security == Security.NONE && !mailboxSettings.allowInsecure()) {
            throw new InvalidFieldException("target.security", "security 'none' sends the password in clear text "
                    + "and is not allowed on this server; use 'tls' or 'starttls' (an operator can allow it with "
                    + "mailcellar.mail.allow-insecure=true)");
        }
        guard.refusal(asked.host()).ifPresent(refusal -> {
            throw new InvalidFieldException("target.host", refusal);
        });
        int port = asked.port() != null ? asked.port() : Protocol.IMAP.defaultPort(security);
        RestoreRecord.Target unsealed = new RestoreRecord.Target(asked.host(), port, security, asked.username(),
                new Mailbox.SealedAuth(asked.auth().type(), null));
        return unsealed.withSealedSecret(sealer.seal(unsealed.sealedFor(mailbox.id()), asked.auth().password()));
    }
}
