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
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

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
    /** Messages a search shows at most. */
    static final int SEARCH_LIMIT = 200;

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
    private final Template search;
    private final Template prune;
    private final io.mailcellar.restore.PruneResource prunes;

    MailboxPages(MailboxRegistry registry, MailboxStatuses statuses, ArchiveBrowser archive,
                 SyncRequestPublisher syncRequests, io.mailcellar.restore.ExportResource exports,
                 SecurityIdentity identity, WebSettings settings, Clock clock,
                 @Location("web/overview.html") Template overview, @Location("web/mailbox.html") Template mailbox,
                 @Location("web/folder.html") Template folder, @Location("web/search.html") Template search,
                 @Location("web/prune.html") Template prune, io.mailcellar.restore.PruneResource prunes) {
        this.prune = prune;
        this.prunes = prunes;
        this.search = search;
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
        ArchiveBrowser.FolderPage read = archive.folderPage(id, sid, name, Math.max(0, offset), FOLDER_PAGE);
        MessagePage page = read.page();
        FolderSummary summary = read.folder();
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

    /** What a prune of the archive would remove now, under the mailbox's retention policy; nothing is removed. */
    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Path("{id}/prune-preview")
    public TemplateInstance prunePreview(@PathParam("id") String id, @jakarta.ws.rs.core.Context UriInfo uri) {
        Mailbox found = existing(id);
        Object report = prunes.prune(id, true, uri).getEntity();
        return prune.data("viewer", Viewer.of(identity)).data("mailbox", found).data("report", report);
    }

    /** Messages of a snapshot by From, Subject and date. */
    @RolesAllowed(ApiRole.READ)
    @GET
    @Path("{id}/search")
    public TemplateInstance search(@PathParam("id") String id, @QueryParam("snapshot") String snapshot,
                                   @QueryParam("from") String from, @QueryParam("subject") String subject,
                                   @QueryParam("since") String since, @QueryParam("until") String until) {
        Mailbox found = existing(id);
        String sid = snapshot == null || snapshot.isBlank() ? "latest" : snapshot;
        String problem = "";
        io.mailcellar.restore.SearchPage results = null;
        try {
            java.time.Instant start = day("since", since, 0);
            java.time.Instant end = day("until", until, 1);
            io.mailcellar.restore.MessageQuery query = new io.mailcellar.restore.MessageQuery(from, subject, start,
                    end);
            if (!query.isEmpty()) {
                results = archive.search(id, sid, query, SEARCH_LIMIT);
            }
        } catch (MailboxForm.FormException e) {
            problem = e.getMessage();
        }
        return search.data("viewer", Viewer.of(identity)).data("mailbox", found).data("snapshot", sid)
                .data("from", from == null ? "" : from).data("subject", subject == null ? "" : subject)
                .data("since", since == null ? "" : since).data("until", until == null ? "" : until)
                .data("problem", problem).data("results", results);
    }

    /** A day of a date input (yyyy-mm-dd) as the instant it starts, plus {@code days}; null when empty. */
    private static java.time.Instant day(String input, String value, int days) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return java.time.LocalDate.parse(value.strip()).plusDays(days).atStartOfDay(java.time.ZoneOffset.UTC)
                    .toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            throw new MailboxForm.FormException(input, "The " + input + " date must be a day such as 2026-12-01.");
        }
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
        return registry.require(id);
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
