package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.restore.ArchiveBrowser;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.mail.MessagingException;
import jakarta.mail.Part;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * One stored message, shown safely: headers and text as text, the HTML part
 * only in a sandboxed frame under a policy that runs no script and loads
 * nothing remote, and every part and the whole .eml as downloads the
 * browser saves rather than shows. Reading content needs the operator role.
 */
@Path(DashboardPaths.OVERVIEW + "/{id}/messages/{sha256}")
public class MessagePages {

    private static final Logger LOG = Logger.getLogger(MessagePages.class);
    /** Larger messages are not parsed for the page; their .eml download still works. */
    static final int MAX_SHOWN = 32 << 20;
    /** The HTML part's policy: no script, no plugin, no form, nothing fetched but inline styles and data images. */
    static final String HTML_POLICY = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            + "frame-ancestors 'self'";
    /** A download's policy, should a browser show it anyway. */
    static final String DOWNLOAD_POLICY = "sandbox; default-src 'none'";

    private final MailboxRegistry registry;
    private final ArchiveBrowser archive;
    private final SecurityIdentity identity;
    private final Template message;

    MessagePages(MailboxRegistry registry, ArchiveBrowser archive, SecurityIdentity identity,
                 @Location("web/message.html") Template message) {
        this.registry = registry;
        this.archive = archive;
        this.identity = identity;
        this.message = message;
    }

    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance page(@PathParam("id") String id, @PathParam("sha256") String sha256,
                                 @QueryParam("snapshot") String snapshot, @QueryParam("folder") String folder) {
        Mailbox mailbox = existing(id);
        byte[] raw = readAtMost(id, sha256);
        MessageAnatomy anatomy = null;
        String problem = "";
        if (raw == null) {
            problem = "This message is larger than " + (MAX_SHOWN >> 20) + " MiB, too large to show here; "
                    + "download it as .eml.";
        } else {
            try {
                anatomy = MessageAnatomy.of(raw);
            } catch (IOException e) {
                LOG.warnf("mailbox %s: message %s is shown raw: %s", id, sha256, io.mailcellar.app.LogText.of(
                        e.getMessage()));
                problem = "This message does not parse as MIME; download it as .eml to see it whole.";
            }
        }
        String base = DashboardPaths.mailbox(id) + "/messages/" + sha256;
        return message.data("viewer", Viewer.of(identity)).data("mailbox", mailbox).data("sha256", sha256)
                .data("m", anatomy).data("problem", problem).data("base", base)
                .data("back", folder == null || folder.isEmpty() ? DashboardPaths.mailbox(id)
                        : Links.of(DashboardPaths.mailbox(id) + "/folder", "snapshot",
                        snapshot == null || snapshot.isEmpty() ? "latest" : snapshot, "folder", folder));
    }

    /** The HTML part, for the page's sandboxed frame only. */
    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Path("html")
    public Response html(@PathParam("id") String id, @PathParam("sha256") String sha256) {
        existing(id);
        byte[] raw = readAtMost(id, sha256);
        if (raw == null) {
            throw new NotFoundException("the message is too large to show; download it as .eml");
        }
        try {
            String html = MessageAnatomy.html(raw).orElseThrow(() -> new NotFoundException(
                    "the message has no HTML part"));
            return Response.ok(html, "text/html; charset=utf-8")
                    .header("Content-Security-Policy", HTML_POLICY)
                    .header("X-Content-Type-Options", "nosniff")
                    .header("X-Frame-Options", "SAMEORIGIN")
                    .header("Referrer-Policy", "no-referrer")
                    .header("Cache-Control", "no-store")
                    .build();
        } catch (IOException e) {
            throw new NotFoundException("the message's HTML part cannot be read: " + e.getMessage());
        }
    }

    /** One part of the message, as a download. */
    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Path("parts/{part}")
    public Response part(@PathParam("id") String id, @PathParam("sha256") String sha256,
                         @PathParam("part") int index) {
        existing(id);
        byte[] raw = readAtMost(id, sha256);
        if (raw == null) {
            throw new NotFoundException("the message is too large to take apart here; download it as .eml");
        }
        try {
            Part part = MessageAnatomy.leaf(raw, index).orElseThrow(() -> new NotFoundException(
                    "the message has no part " + index));
            byte[] bytes;
            try (InputStream in = part.getInputStream()) {
                bytes = in.readAllBytes();
            }
            String name = MessageAnatomy.filename(part).orElse("part-" + index);
            return download(Response.ok(bytes, MediaType.APPLICATION_OCTET_STREAM), name);
        } catch (IOException | MessagingException e) {
            throw new NotFoundException("part " + index + " of the message cannot be decoded: " + e.getMessage());
        }
    }

    /** The whole message, byte for byte as archived. */
    @RolesAllowed(ApiRole.OPERATE)
    @GET
    @Path("eml")
    public Response eml(@PathParam("id") String id, @PathParam("sha256") String sha256) {
        existing(id);
        InputStream stored = archive.message(id, sha256);
        StreamingOutput body = out -> {
            try (InputStream in = stored) {
                in.transferTo(out);
            }
        };
        return download(Response.ok(body, "message/rfc822"), sha256 + ".eml");
    }

    /** Saved, never shown: attachment, no sniffing, and a sandbox should a browser show it anyway. */
    static Response download(Response.ResponseBuilder response, String filename) {
        String ascii = filename.replaceAll("[^A-Za-z0-9._-]", "_");
        return response
                .header("Content-Disposition", "attachment; filename=\"" + ascii + "\"; filename*=UTF-8''"
                        + URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20"))
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Security-Policy", DOWNLOAD_POLICY)
                .header("Cache-Control", "no-store")
                .build();
    }

    private Mailbox existing(String id) {
        return registry.require(id);
    }

    /** The message's bytes, or null when it is larger than {@link #MAX_SHOWN}. */
    private byte[] readAtMost(String id, String sha256) {
        try (InputStream in = archive.message(id, sha256)) {
            byte[] bytes = in.readNBytes(MAX_SHOWN + 1);
            if (bytes.length > MAX_SHOWN) {
                return null;
            }
            // Read to the end, so the stream checks the bytes against their SHA-256.
            if (in.read() != -1) {
                return null;
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("message " + sha256 + " of mailbox " + id + " could not be read whole", e);
        }
    }
}
