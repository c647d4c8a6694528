package io.mailcellar.mailbox;

import io.mailcellar.app.ApiRole;
import io.mailcellar.app.ApiSettings;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.InvalidFieldException;
import io.mailcellar.api.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.mailcellar.app.LogText;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.ClientErrorException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PATCH;
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
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Registration of mailboxes: {@code /api/v1/mailboxes}. Thin: rules live in {@link MailboxFactory}. */
@Path("/api/v1/mailboxes")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Mailboxes", description = "Register the mailboxes to back up")
@SecurityScheme(securitySchemeName = "bearer", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "One of the tokens set in mailcellar.api.tokens")
@SecurityRequirement(name = "bearer")
@APIResponse(responseCode = "401", description = "No or an unknown bearer token",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
@APIResponse(responseCode = "403", description = "The caller's role does not allow this call (reader: metadata; "
        + "operator: also content, export, sync, check, restore; admin: everything); the problem names the role needed",
        content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
public class MailboxResource {

    static final String MERGE_PATCH = "application/merge-patch+json";
    private static final Logger LOG = Logger.getLogger(MailboxResource.class);
    /** The ids mailcellar gives (UUIDs): only such a name may be purged from the bucket unregistered. */
    private static final java.util.regex.Pattern MAILBOX_ID =
            java.util.regex.Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    private final MailboxRegistry registry;
    private final MailboxFactory factory;
    private final SyncRequestPublisher syncRequests;
    private final StatusBoard statuses;
    private final ArchiveReports archive;
    private final MailboxStatuses judged;
    private final MailboxChanges changes;
    private final Clock clock;
    private final ArchivePurger purger;
    private final SignedInAccounts signedIn;

    private final ApiSettings api;

    MailboxResource(MailboxRegistry registry, MailboxFactory factory, SyncRequestPublisher syncRequests,
                    StatusBoard statuses, ArchiveReports archive, Clock clock, MailboxStatuses judged,
                    ArchivePurger purger,
                    SignedInAccounts signedIn, ApiSettings api, MailboxChanges changes) {
        this.changes = changes;
        this.api = api;
        this.signedIn = signedIn;
        this.purger = purger;
        this.archive = archive;
        this.judged = judged;
        this.clock = clock;
        this.registry = registry;
        this.factory = factory;
        this.syncRequests = syncRequests;
        this.statuses = statuses;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register a mailbox", description = "Secrets are sealed at once and never returned. "
            + "Send an Idempotency-Key header (any text of 1 to 200 visible ASCII characters, e.g. a UUID) to make a "
            + "retry safe: the same key and registration answer the mailbox already made (200) instead of a second "
            + "one, even when the first request ended in a 503.")
    @APIResponse(responseCode = "201", description = "Registered",
            content = @Content(schema = @Schema(implementation = MailboxView.class)))
    @APIResponse(responseCode = "200", description = "Registered before under this Idempotency-Key",
            content = @Content(schema = @Schema(implementation = MailboxView.class)))
    @APIResponse(responseCode = "422", description = "The Idempotency-Key was used for a different registration",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "400", description = "Invalid registration; the problem names each bad field",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "The service holds mailcellar.api.max-mailboxes mailboxes already",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing was registered",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response register(@NotNull(message = "a JSON registration body is required") @Valid
                             MailboxRegistration registration, UriInfo uri,
                             @HeaderParam("Idempotency-Key") String idempotencyKey) {
        if (idempotencyKey != null && !idempotencyKey.matches("[\\x21-\\x7e]{1,200}")) {
            throw new InvalidFieldException("Idempotency-Key",
                    "must be 1 to 200 visible ASCII characters without spaces, e.g. a UUID");
        }
        Mailbox mailbox = factory.create(registration, idempotencyKey);
        if (idempotencyKey != null) {
            var earlier = registry.find(mailbox.id());
            if (earlier.isPresent()) {
                if (!MailboxView.of(earlier.get()).sameSettings(MailboxView.of(mailbox))) {
                    throw new ClientErrorException("the Idempotency-Key " + idempotencyKey + " was used for a "
                            + "different registration (mailbox " + mailbox.id() + "); use a new key", 422);
                }
                return Response.ok(MailboxView.of(earlier.get()))
                        .location(uri.getAbsolutePathBuilder().path(mailbox.id()).build()).build();
            }
        }
        int registered = registry.all().size();
        if (registered >= api.maxMailboxes()) {
            throw new ClientErrorException("this service already holds " + registered + " mailboxes, its most "
                    + "(mailcellar.api.max-mailboxes=" + api.maxMailboxes() + "); unregister one, or raise the limit",
                    409);
        }
        registry.put(mailbox);
        LOG.infof("mailbox %s registered (%s %s:%d)", mailbox.id(), mailbox.protocol(), mailbox.host(), mailbox.port());
        markSignInUsed(registration.auth(), mailbox.id());
        return Response.created(uri.getAbsolutePathBuilder().path(mailbox.id()).build())
                .entity(MailboxView.of(mailbox)).build();
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Operation(summary = "List mailboxes", description = "Oldest registration first.")
    public MailboxPage list(@QueryParam("offset") @DefaultValue("0") @Min(0) int offset,
                            @QueryParam("limit") @DefaultValue("50") @Min(1) @Max(500) int limit) {
        List<Mailbox> all = registry.all();
        List<MailboxView> page = all.stream().skip(offset).limit(limit).map(MailboxView::of).toList();
        return new MailboxPage(page, offset, limit, all.size());
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("{id}")
    @Operation(summary = "One mailbox")
    @APIResponse(responseCode = "200", description = "The mailbox",
            content = @Content(schema = @Schema(implementation = MailboxView.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MailboxView get(@PathParam("id") String id) {
        return MailboxView.of(existing(id));
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @PATCH
    @Path("{id}")
    @Consumes({MERGE_PATCH, MediaType.APPLICATION_JSON})
    @Operation(summary = "Change a mailbox in place", description = "A JSON merge patch (RFC 7386) of the "
            + "registration: send only the fields to change; null resets a field to its default. The id, the sync "
            + "state and the archive stay, so nothing is downloaded again after, say, a new password. auth is "
            + "replaced whole, never merged, and is required when host, port, security or username change, so "
            + "that the stored secret only ever goes to the server it was given for. The protocol cannot change. "
            + "The result is validated as a registration is. New credentials, a new server or enabling the "
            + "mailbox start a poll at once, even one that was backing off after failed logins.")
    @RequestBody(content = @Content(mediaType = MERGE_PATCH,
            schema = @Schema(implementation = MailboxRegistration.class, description = "Only the fields to change")))
    @APIResponse(responseCode = "200", description = "Changed: the mailbox as it is now",
            content = @Content(schema = @Schema(implementation = MailboxView.class)))
    @APIResponse(responseCode = "400", description = "Invalid change; the problem names each bad field. Nothing "
            + "was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka unavailable; nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MailboxView change(@PathParam("id") String id,
                              @NotNull(message = "a JSON merge patch body is required") JsonNode patch)
            throws JsonProcessingException {
        Mailbox current = existing(id);
        MailboxChanges.Preview result = changes.preview(current, patch);
        Mailbox changed = result.changed();
        registry.put(changed);
        if (result.newAuth()) {
            markSignInUsed(result.registration().auth(), id);
        }
        List<String> fields = new ArrayList<>();
        patch.fieldNames().forEachRemaining(fields::add);
        LOG.infof("mailbox %s changed in place: %s", id, LogText.of(String.join(", ", fields)));
        // Raised limits, too, may let a throttled backup go on at once.
        boolean reconnect = result.newAuth() || !MailboxFactory.sameDestination(current, changed)
                || (changed.enabled() && !current.enabled())
                || !java.util.Objects.equals(current.limits(), changed.limits());
        if (reconnect && changed.enabled()) {
            // A login that failed before may work now: no need to wait out the back-off.
            syncRequests.request(id, true);
        }
        return MailboxView.of(changed);
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @DELETE
    @Path("{id}")
    @Operation(summary = "Unregister a mailbox", description = "Polling stops; the archive is kept, unless "
            + "purgeArchive=true: then every object of the mailbox in the bucket is removed too (messages, snapshots, "
            + "restore journals, mailbox.json), which cannot be undone. A purge waits for a poll under way and for "
            + "the archivers to store the last one (409 until then), so that nothing is written after it. The "
            + "archive of a mailbox unregistered before can be purged the same way. The mailbox's status goes at "
            + "once, its sync cursor within two cursor sweeps (mailcellar.sync.cursor-sweep, a minute).")
    @APIResponse(responseCode = "204", description = "Unregistered")
    @APIResponse(responseCode = "200", description = "Unregistered and its archive purged: what was removed",
            content = @Content(schema = @Schema(implementation = ArchivePurger.Purged.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox (and, with purgeArchive, nothing of it in "
            + "the bucket)",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "409", description = "purgeArchive: a poll is under way, or the archivers have not "
            + "stored the last one yet; ask again in a moment. Nothing was changed",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "purgeArchive: the bucket failed part way; ask again to "
            + "remove the rest",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response unregister(@PathParam("id") String id,
                               @QueryParam("purgeArchive") @DefaultValue("false") boolean purgeArchive) {
        Optional<Mailbox> mailbox = registry.find(id);
        if (!purgeArchive) {
            existing(id);
            registry.remove(id);
            statuses.remove(id);
            LOG.infof("mailbox %s unregistered", id);
            return Response.noContent().build();
        }
        if (mailbox.isEmpty() && !MAILBOX_ID.matcher(id).matches()) {
            throw new NotFoundException("no mailbox with id " + id + " (a mailbox id is a UUID)");
        }
        if (mailbox.isPresent()) {
            requireQuiet(id);
            registry.remove(id);
            statuses.remove(id);
            LOG.infof("mailbox %s unregistered; its archive is purged", id);
        }
        ArchivePurger.Purged purged = purger.purge(id);
        if (mailbox.isEmpty() && purged.objectsRemoved() == 0) {
            throw new NotFoundException("no mailbox with id " + id + ", and nothing of it in the bucket");
        }
        return Response.ok(purged).build();
    }

    /** Refuses a purge while a poll of the mailbox runs, or before the archivers stored the last one. */
    private void requireQuiet(String id) {
        Optional<MailboxStatus> status = statuses.find(id);
        if (status.isPresent() && status.get().state() == MailboxState.RUNNING) {
            throw new ClientErrorException("a poll of mailbox " + id + " is under way; purge its archive once it "
                    + "ends (GET /api/v1/mailboxes/" + id + "/status)", 409);
        }
        MailboxStatus.LastRun run = status.map(MailboxStatus::lastRun).orElse(null);
        if (run != null && run.started() != null) {
            Instant archived = archive.report(id).map(ArchiveReports.ArchiveReport::lastRunStarted).orElse(null);
            if (!archive.ready() || archived == null || archived.isBefore(run.started())) {
                throw new ClientErrorException("the archivers have not stored the last poll of mailbox " + id
                        + " yet; purge its archive once they have, in a moment", 409);
            }
        }
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Path("{id}/sync")
    @Operation(summary = "Poll now", description = "Queues a poll of the mailbox for the poller that owns it; it "
            + "runs at once unless one is running. A mailbox whose polls fail is retried with growing pauses "
            + "(its status's retryAt); a request then is refused with 409 unless force=true, so that asking again "
            + "cannot hammer a server that refuses a password.")
    @APIResponse(responseCode = "202", description = "Queued")
    @APIResponse(responseCode = "409", description = "The mailbox is backing off after failures; retry after its "
            + "retryAt, or ask with force=true",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "Kafka did not take the request; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response syncNow(@PathParam("id") String id, @QueryParam("force") @DefaultValue("false") boolean force) {
        existing(id);
        if (!force) {
            statuses.find(id)
                    .filter(status -> status.state().backsOff() && status.retryAt() != null
                            && clock.instant().isBefore(status.retryAt()))
                    .ifPresent(status -> {
                        throw new ClientErrorException("the mailbox is backing off after "
                                + status.consecutiveFailures() + " failed polls (" + status.reason()
                                + "); the next try is at " + status.retryAt()
                                + "; ask with ?force=true to poll now anyway", 409);
                    });
        }
        syncRequests.request(id, force);
        return Response.accepted().build();
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Path("{id}/check")
    @Operation(summary = "Check the archive", description = "Asks the poller that owns the mailbox to check its "
            + "archive at its next run, which this request starts when the mailbox is idle: every message its cursor "
            + "and its newest snapshot name is compared with the objects in the bucket, by listing them. A missing "
            + "message is read again from the mail server and archived; with readData=true every object is also "
            + "read and hashed, and one whose bytes do not match its name is replaced with the server's bytes. The "
            + "result is the status's lastCheck. Checks also run every mailcellar.archive.check-interval (1 day).")
    @APIResponse(responseCode = "202", description = "Queued")
    @APIResponse(responseCode = "503", description = "Kafka did not take the request; retry",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response check(@PathParam("id") String id,
                          @QueryParam("readData") @DefaultValue("false") boolean readData) {
        existing(id);
        syncRequests.requestCheck(id, readData);
        return Response.accepted().build();
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("{id}/status")
    @Operation(summary = "Backup status", description = "The state in one word (ok, never-polled, running, "
            + "backing-off, auth-failed, throttled, archive-failing, disabled) and the reason in words; when a failing mailbox is "
            + "tried next (retryAt); the last poll (start, end, outcome, error, messages added, notes), the last "
            + "success, consecutive failures, the folders with the messages known in each, and the messages not "
            + "backed up yet (unreadMessages: folder, UID, reason, attempts, size); the newest snapshot "
            + "(lastSnapshot: id, time, partial, folders, messages, bytes, and when it was last confirmed current).")
    @APIResponse(responseCode = "200", description = "The status",
            content = @Content(schema = @Schema(implementation = MailboxStatus.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public MailboxStatus status(@PathParam("id") String id) {
        return judged.of(existing(id));
    }

    private Mailbox existing(String id) {
        return registry.require(id);
    }

    /** A sign-in the registration took is used up; failing that is logged, since the mailbox itself is stored. */
    private void markSignInUsed(MailboxRegistration.Auth auth, String mailboxId) {
        if (auth == null || auth.authorization() == null) {
            return;
        }
        try {
            signedIn.used(auth.authorization(), mailboxId);
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: took the credentials of sign-in %s, which could not be marked used (%s); it "
                    + "expires by itself", mailboxId, LogText.of(auth.authorization()), LogText.of(e.getMessage()));
        }
    }
}
