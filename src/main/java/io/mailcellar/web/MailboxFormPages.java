package io.mailcellar.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxChanges;
import io.mailcellar.mailbox.MailboxFactory;
import io.mailcellar.mailbox.MailboxRegistration;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.MailboxResource;
import io.mailcellar.mailbox.MailboxView;
import io.mailcellar.sync.probe.ConnectionTest;
import io.mailcellar.sync.probe.ConnectionTestResult;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Registering a mailbox and changing one, from forms checked by the API's
 * own rules, and trying their settings first ("Test connection"): a login
 * and a look around, nothing backed up. Both need the admin role.
 */
@Path(DashboardPaths.FORMS)
@Produces(MediaType.TEXT_HTML)
public class MailboxFormPages {

    private final MailboxResource mailboxes;
    private final MailboxRegistry registry;
    private final MailboxFactory factory;
    private final MailboxChanges changes;
    private final ConnectionTest connectionTest;
    private final Validator validator;
    private final ObjectMapper mapper;
    private final SecurityIdentity identity;
    private final Template page;

    MailboxFormPages(MailboxResource mailboxes, MailboxRegistry registry, MailboxFactory factory,
                     MailboxChanges changes, ConnectionTest connectionTest, Validator validator, ObjectMapper mapper,
                     SecurityIdentity identity, @Location("web/mailbox-form.html") Template page) {
        this.mailboxes = mailboxes;
        this.registry = registry;
        this.factory = factory;
        this.changes = changes;
        this.connectionTest = connectionTest;
        this.validator = validator;
        this.mapper = mapper;
        this.identity = identity;
        this.page = page;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @GET
    @Path("mailbox")
    public Response registerForm(@jakarta.ws.rs.QueryParam("authorization") String authorization,
                                 @jakarta.ws.rs.QueryParam("provider") String provider) {
        return show(200, null, authorization == null ? MailboxForm.blank()
                : MailboxForm.connected(authorization, provider), Map.of(), null);
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Path("mailbox")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response register(MultivaluedMap<String, String> fields, @Context UriInfo uri) {
        CsrfCheck.require(Viewer.of(identity), fields.getFirst("csrf"));
        MailboxForm form = MailboxForm.of(fields);
        try {
            ObjectNode json = form.toJson(mapper, false);
            MailboxRegistration registration = mapper.treeToValue(json, MailboxRegistration.class);
            if ("test".equals(fields.getFirst("action"))) {
                var violations = validator.validate(registration);
                if (!violations.isEmpty()) {
                    throw new ConstraintViolationException(violations);
                }
                return show(200, null, form, Map.of(), connectionTest.test(factory.create(registration)));
            }
            Response registered = mailboxes.register(registration, uri, null);
            MailboxView view = (MailboxView) registered.getEntity();
            return Response.seeOther(URI.create(DashboardPaths.mailbox(view.id()))).build();
        } catch (Exception e) {
            return refused(e, null, form);
        }
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @GET
    @Path("mailbox/{id}")
    public Response editForm(@PathParam("id") String id) {
        Mailbox mailbox = existing(id);
        return show(200, mailbox, MailboxForm.of(MailboxView.of(mailbox)), Map.of(), null);
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Path("mailbox/{id}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response edit(@PathParam("id") String id, MultivaluedMap<String, String> fields) {
        CsrfCheck.require(Viewer.of(identity), fields.getFirst("csrf"));
        Mailbox current = existing(id);
        MailboxForm form = MailboxForm.of(fields);
        try {
            ObjectNode patch = form.toJson(mapper, true);
            if ("test".equals(fields.getFirst("action"))) {
                Mailbox tried = changes.preview(current, patch).changed();
                return show(200, current, form, Map.of(), connectionTest.test(tried));
            }
            mailboxes.change(id, patch);
            return Response.seeOther(URI.create(DashboardPaths.mailbox(id) + "?done=changed")).build();
        } catch (Exception e) {
            return refused(e, current, form);
        }
    }

    private Response refused(Exception e, Mailbox current, MailboxForm form) {
        Optional<Map<String, String>> errors = FormErrors.of(e);
        if (errors.isEmpty()) {
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e);
        }
        return show(400, current, form, errors.get(), null);
    }

    private Response show(int status, Mailbox current, MailboxForm form, Map<String, String> errors,
                          ConnectionTestResult result) {
        MailboxForm shown = form.withoutPassword();
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(page.data("viewer", Viewer.of(identity)).data("mailbox", current).data("form", shown)
                        .data("errors", new FieldErrors(errors)).data("result", result).render())
                .build();
    }

    private Mailbox existing(String id) {
        return registry.require(id);
    }

    /** The errors by input, for the template: {@code errors.get('host')}. */
    @io.quarkus.qute.TemplateData
    public record FieldErrors(Map<String, String> byInput) {
        public String get(String input) {
            return byInput.getOrDefault(input, "");
        }

        public boolean any() {
            return !byInput.isEmpty();
        }
    }
}
