package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.MailboxStatuses;
import io.mailcellar.mailbox.SyncRequestPublisher;
import io.mailcellar.restore.ArchiveBrowser;
import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.MessagePage;
import io.mailcellar.restore.SnapshotFolders;
import io.mailcellar.restore.SnapshotPage;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

/** The overview of every mailbox, a mailbox's page, and a folder's messages at a snapshot. */
@Path(DashboardPaths.OVERVIEW)
@Produces(MediaType.TEXT_HTML)
public class MailboxPages {

    /** Snapshots on a mailbox page's timeline and chart. */
    static final int TIMELINE = 60;
    /** Messages per page of a folder. */
    static final int FOLDER_PAGE = 100;

    private final MailboxRegistry registry;
    private final MailboxStatuses statuses;
    private final ArchiveBrowser archive;
    private final SyncRequestPublisher syncRequests;
    private final io.mailcellar.restore.ExportResource exports;
    private final SecurityIdentity identity;
    private final WebSettings settings;
    private final Clock clock;
    private final Template overview;
    private final Template mailbox;
    private final Template folder;

    MailboxPages(MailboxRegistry registry, MailboxStatuses statuses, ArchiveBrowser archive,
                 SyncRequestPublisher syncRequests, io.mailcellar.restore.ExportResource exports,
                 SecurityIdentity identity, WebSettings settings, Clock clock,
                 @Location("web/overview.html") Template overview, @Location("web/mailbox.html") Template mailbox,
                 @Location("web/folder.html") Template folder) {
        this.registry = registry;
        this.statuses = statuses;
        this.archive = archive;
        this.syncRequests = syncRequests;
        this.exports = exports;
        this.identity = identity;
        this.settings = settings;
        this.clock = clock;
        this.overview = overview;
        this.mailbox = mailbox;
        this.folder = folder;
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    public TemplateInstance overview(@QueryParam("q") String text, @QueryParam("state") String state,
                                     @QueryParam("sort") String sort,
                                     @QueryParam("offset") @DefaultValue("0") int offset) {
        Instant now = clock.instant();
        List<OverviewRow> rows = registry.all().stream()
                .map(mailbox -> OverviewRow.of(mailbox, statuses.of(mailbox), now)).toList();
        Overview page = Overview.of(rows, Overview.Query.of(text, state, sort, offset, settings.overviewPageSize()));
        return overview.data("viewer", Viewer.of(identity)).data("page", page)
                .data("states", Overview.stateChoices()).data("sorts", Overview.Sort.values());
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("{id}")
    public TemplateInstance mailbox(@PathParam("id") String id, @QueryParam("snapshot") String snapshot,
                                    @QueryParam("done") String done) {
        Mailbox found = existing(id);
        MailboxStatus status = statuses.of(found);
        SnapshotPage timeline = archive.snapshots(id, 0, TIMELINE);
        SnapshotFolders folders = timeline.items().isEmpty() ? null
                : archive.folders(id, snapshot == null || snapshot.isBlank() ? "latest" : snapshot);
        return mailbox.data("viewer", Viewer.of(identity))
                .data("row", OverviewRow.of(found, status, clock.instant()))
                .data("mailbox", found).data("status", status).data("timeline", timeline)
                .data("chart", SnapshotChart.of(timeline.items())).data("folders", folders)
                .data("done", done == null ? "" : doneWords(done));
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("{id}/folder")
    public TemplateInstance folder(@PathParam("id") String id, @QueryParam("snapshot") String snapshot,
                                   @QueryParam("folder") String name,
                                   @QueryParam("offset") @DefaultValue("0") long offset) {
        Mailbox found = existing(id);
        String sid = snapshot == null || snapshot.isBlank() ? "latest" : snapshot;
        MessagePage page = archive.messages(id, sid, name, Math.max(0, offset), FOLDER_PAGE);
        FolderSummary summary = archive.folders(id, page.snapshot()).folders().stream()
                .filter(f -> f.name().equals(name)).findFirst().orElse(null);
        return folder.data("viewer", Viewer.of(identity)).data("mailbox", found).data("page", page)
                .data("summary", summary)
                .data("previous", offset > 0 ? link(id, page.snapshot(), name, Math.max(0, offset - FOLDER_PAGE)) : "")
                .data("next", offset + page.items().size() < page.total()
                        ? link(id, page.snapshot(), name, offset + FOLDER_PAGE) : "");
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Path("{id}/sync")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response sync(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        CsrfCheck.require(Viewer.of(identity), csrf);
        existing(id);
        syncRequests.request(id, true);
        return Response.seeOther(java.net.URI.create(Links.of(DashboardPaths.mailbox(id), "done", "sync")))
                .build();
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Path("{id}/check")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response check(@PathParam("id") String id, @FormParam("csrf") String csrf) {
        CsrfCheck.require(Viewer.of(identity), csrf);
        existing(id);
        syncRequests.requestCheck(id, false);
        return Response.seeOther(java.net.URI.create(Links.of(DashboardPaths.mailbox(id), "done", "check")))
                .build();
    }

    /** A snapshot as a tar of Maildir folders or mbox files, as the API exports it. */
    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Path("{id}/export")
    @Produces("application/x-tar")
    public Response export(@PathParam("id") String id, @QueryParam("format") String format,
                           @QueryParam("snapshot") String snapshot) {
        existing(id);
        String at = snapshot == null || snapshot.isBlank() || "latest".equals(snapshot) ? null
                : archive.folders(id, snapshot).time().toString();
        return exports.export(id, format, at, null);
    }

    private Mailbox existing(String id) {
        return registry.find(id).orElseThrow(() -> new NotFoundException("no mailbox with id " + id));
    }

    private static String link(String id, String snapshot, String folder, long offset) {
        return Links.of(DashboardPaths.mailbox(id) + "/folder", "snapshot", snapshot, "folder", folder, "offset", offset);
    }

    private static String doneWords(String done) {
        return switch (done) {
            case "sync" -> "A backup was asked for; it starts within moments.";
            case "check" -> "A check of the archive was asked for; its result appears below when it ends.";
            case "changed" -> "The settings were saved.";
            default -> "";
        };
    }
}
