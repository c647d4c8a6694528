package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.mailcellar.restore.ArchiveBrowser;
import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.RestoreProgressResource;
import io.mailcellar.restore.RestoreView;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/** A restore's page: a progress bar while it runs (refreshed by htmx), then its report. */
@Path(DashboardPaths.ROOT + "/restores/{rid}")
@Produces(MediaType.TEXT_HTML)
public class RestoreReportPage {

    private final RestoreProgressResource restores;
    private final ArchiveBrowser archive;
    private final SecurityIdentity identity;
    private final Template page;

    RestoreReportPage(RestoreProgressResource restores, ArchiveBrowser archive, SecurityIdentity identity,
                      @Location("web/restore-report.html") Template page) {
        this.restores = restores;
        this.archive = archive;
        this.identity = identity;
        this.page = page;
    }

    @RolesAllowed(ApiRole.READ)
    @GET
    public TemplateInstance get(@PathParam("rid") String id) {
        RestoreView restore = restores.get(id);
        List<FolderSummary> folders;
        try {
            folders = archive.folders(restore.mailbox(), restore.snapshot()).folders();
        } catch (WebApplicationException unreadable) {
            // The mailbox was unregistered or the bucket is away: the bar has no total, the report still shows.
            folders = List.of();
        }
        return page.data("viewer", Viewer.of(identity)).data("p", RestoreProgress.of(restore, folders));
    }
}
