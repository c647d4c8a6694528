package io.mailcellar.web;

import static io.mailcellar.web.FormFields.value;

import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistration;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.Security;
import io.mailcellar.restore.ArchiveBrowser;
import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.RestoreRequest;
import io.mailcellar.restore.RestoreResource;
import io.mailcellar.restore.RestoreView;
import io.mailcellar.restore.SnapshotFolders;
import io.mailcellar.restore.SnapshotPage;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * The restore wizard (which snapshot, which folders, into which account and
 * under which folder), started as the API starts a restore; then its page,
 * a progress bar that follows it to the end and its report.
 */
@Path(DashboardPaths.OVERVIEW + "/{id}/restore")
@Produces(MediaType.TEXT_HTML)
public class RestorePages {

    private final MailboxRegistry registry;
    private final ArchiveBrowser archive;
    private final RestoreResource restores;
    private final Validator validator;
    private final SecurityIdentity identity;
    private final Template wizard;

    RestorePages(MailboxRegistry registry, ArchiveBrowser archive, RestoreResource restores, Validator validator,
                 SecurityIdentity identity, @Location("web/restore.html") Template wizard) {
        this.registry = registry;
        this.archive = archive;
        this.restores = restores;
        this.validator = validator;
        this.identity = identity;
        this.wizard = wizard;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @GET
    public Response form(@PathParam("id") String id, @QueryParam("snapshot") String snapshot) {
        return show(200, id, snapshot, RestoreForm.defaults(), Map.of());
    }

    @RolesAllowed(ApiRole.OPERATE)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(@PathParam("id") String id, MultivaluedMap<String, String> fields) {
        CsrfCheck.require(Viewer.of(identity), fields.getFirst("csrf"));
        existing(id);
        RestoreForm form = RestoreForm.of(fields);
        SnapshotFolders snapshot = archive.folders(id, form.snapshot().isBlank() ? "latest" : form.snapshot());
        List<String> chosen = form.folders();
        boolean all = chosen.isEmpty() || chosen.size() == snapshot.folders().size();
        try {
            RestoreRequest.Target target = form.ownAccount() ? null : new RestoreRequest.Target(form.host().strip(),
                    form.port().isBlank() ? null : parsePort(form.port()), security(form.security()),
                    form.username().strip(), MailboxRegistration.Auth.password(form.password()));
            RestoreRequest request = new RestoreRequest(snapshot.time().toString(), all ? null : chosen, target,
                    form.into(), null);
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            RestoreView started = (RestoreView) restores.restore(id, request).getEntity();
            return Response.seeOther(URI.create(DashboardPaths.ROOT + "/restores/" + started.id())).build();
        } catch (RuntimeException e) {
            Map<String, String> errors = FormErrors.of(e, RestorePages::inputFor).orElseThrow(() -> e);
            return show(400, id, snapshot.snapshot(), form, errors);
        }
    }

    /** The wizard's input a JSON path of the restore request concerns. */
    static String inputFor(String path) {
        if (path == null) {
            return "form";
        }
        if (path.startsWith("target.auth")) {
            return "password";
        }
        return switch (path) {
            case "target.host" -> "host";
            case "target.port" -> "port";
            case "target.username" -> "username";
            case "target.security" -> "security";
            case "into" -> "into";
            case "folders" -> "folder";
            default -> "form";
        };
    }

    private static Security security(String named) {
        return switch (named) {
            case "starttls" -> Security.STARTTLS;
            case "none" -> Security.NONE;
            default -> Security.TLS;
        };
    }

    private static int parsePort(String port) {
        try {
            return Integer.parseInt(port.strip());
        } catch (NumberFormatException e) {
            throw new MailboxForm.FormException("port", "must be a port number from 1 to 65535, or empty");
        }
    }

    private Response show(int status, String id, String snapshot, RestoreForm form, Map<String, String> errors) {
        Mailbox mailbox = existing(id);
        SnapshotPage timeline = archive.snapshots(id, 0, MailboxPages.TIMELINE);
        if (timeline.items().isEmpty()) {
            throw new NotFoundException("mailbox " + id + " has no snapshot yet: there is nothing to restore");
        }
        SnapshotFolders folders = archive.folders(id, snapshot == null || snapshot.isBlank() ? "latest" : snapshot);
        List<FolderSummary> list = folders.folders();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(wizard.data("viewer", Viewer.of(identity)).data("mailbox", mailbox)
                        .data("timeline", timeline).data("folders", folders).data("list", list).data("form", form)
                        .data("defaultInto", "Restored/" + folders.time().truncatedTo(java.time.temporal.ChronoUnit
                                .SECONDS))
                        .data("errors", new MailboxFormPages.FieldErrors(errors)).render())
                .build();
    }

    private Mailbox existing(String id) {
        return registry.require(id);
    }

    /** The wizard's fields as typed (the password never shown again). */
    @io.quarkus.qute.TemplateData
    public record RestoreForm(String snapshot, List<String> folders, boolean ownAccount, String host, String port,
                              String security, String username, String password, String into) {

        static RestoreForm defaults() {
            return new RestoreForm("", List.of(), true, "", "", "tls", "", "", null);
        }

        static RestoreForm of(MultivaluedMap<String, String> fields) {
            String into = fields.getFirst("into");
            return new RestoreForm(value(fields, "snapshot", ""), fields.getOrDefault("folder", List.of()),
                    !"other".equals(fields.getFirst("target")), value(fields, "host", ""), value(fields, "port", ""),
                    fields.getFirst("security") == null ? "tls" : fields.getFirst("security"),
                    value(fields, "username", ""), value(fields, "password", ""), into);
        }

        public boolean chose(String folder) {
            return folders.isEmpty() || folders.contains(folder);
        }

    }
}
