package io.mailcellar.restore;

import io.mailcellar.app.ApiRole;
import jakarta.annotation.security.RolesAllowed;
import io.mailcellar.api.Problem;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.restore.export.ExportFormat;
import io.mailcellar.restore.export.ExportReport;
import io.mailcellar.restore.export.Exporter;
import io.mailcellar.restore.export.TarTarget;
import io.mailcellar.restore.select.FolderSelection;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/** A snapshot as files: Maildir or mbox, in a tar stream. */
@jakarta.ws.rs.Path("/api/v1/mailboxes/{id}/export")
@Tag(name = "Snapshots")
@SecurityRequirement(name = "bearer")
public class ExportResource {

    private static final Logger LOG = Logger.getLogger(ExportResource.class);
    static final String TAR = "application/x-tar";

    private final ArchiveReads reads;
    private final RestoreSettings settings;

    ExportResource(ArchiveReads reads, RestoreSettings settings) {
        this.reads = reads;
        this.settings = settings;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Produces(TAR)
    @Operation(summary = "Export a snapshot", description = "Streams the mailbox as it was at a snapshot, as a tar "
            + "of files (docs/restore.md): maildir is a Maildir++ tree (INBOX at the top, other folders as "
            + ".Folder.Sub, flags in the file names, each file's time its INTERNALDATE); mbox is one mboxrd file "
            + "per folder (Folder/Sub.mbox). Every message is checked against its SHA-256 before it is written; "
            + "one the bucket lacks or holds damaged is left out and listed in mailcellar-export-problems.txt. "
            + "Memory does not grow with the mailbox.")
    @APIResponse(responseCode = "200", description = "The tar stream", content = @Content(mediaType = TAR))
    @APIResponse(responseCode = "400", description = "An unknown format, a malformed time or folder pattern",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "404", description = "No such mailbox, no snapshot at that time, or no folder "
            + "matching", content = @Content(mediaType = Problem.MEDIA_TYPE,
            schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "503", description = "The bucket could not be read",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    @APIResponse(responseCode = "403", description = "Reading content needs the operator role; every read is audited",
            content = @Content(mediaType = Problem.MEDIA_TYPE, schema = @Schema(implementation = Problem.class)))
    public Response export(@PathParam("id") String id,
                           @QueryParam("format") @Parameter(description = "maildir or mbox", required = true)
                           String format,
                           @QueryParam("at") @Parameter(description = "RFC 3339: the newest snapshot at or "
                                   + "before this time; the latest by default") String at,
                           @QueryParam("folder") @Parameter(description = "Folders to export, as names or LIST "
                                   + "patterns (* and %); repeat for several; all by default") List<String> folders) {
        ExportFormat chosen = ExportFormat.named(format == null ? "" : format).orElseThrow(() -> new BadRequestException(
                "format must be maildir or mbox, not " + (format == null ? "missing" : format)));
        FolderSelection selection;
        try {
            selection = new FolderSelection(folders);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(e.getMessage());
        }
        Snapshot snapshot = reads.snapshotAt(id, at);
        if (Exporter.folders(snapshot, selection).isEmpty()) {
            throw new NotFoundException("snapshot " + snapshot.id() + " of mailbox " + id + " has no folder matching "
                    + String.join(", ", selection.patterns()));
        }
        Path spool = Paths.get(System.getProperty("java.io.tmpdir"));
        Exporter exporter = new Exporter(reads.catalog(), spool, settings.exportConcurrency());
        StreamingOutput body = out -> {
            TarTarget tar = new TarTarget(out, spool);
            ExportReport report = exporter.export(id, snapshot, selection, chosen, tar);
            tar.close();
            LOG.infof("mailbox %s: exported snapshot %s as %s: %d folders, %d messages, %d bytes, %d left out",
                    id, snapshot.id(), chosen.id(), report.folders(), report.messages(), report.bytes(),
                    report.problems().size());
            for (ExportReport.Problem problem : report.problems()) {
                LOG.warnf("mailbox %s, folder %s: message %s left out of an export: %s", id,
                        io.mailcellar.app.LogText.of(problem.folder()), problem.sha256(), problem.reason());
            }
        };
        return Response.ok(body, TAR)
                .header("Content-Disposition", "attachment; filename=\"mailcellar-" + id + "-" + snapshot.id() + "-"
                        + chosen.id() + ".tar\"")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", "sandbox; default-src 'none'")
                .header("X-Mailcellar-Snapshot", snapshot.id())
                .build();
    }
}
