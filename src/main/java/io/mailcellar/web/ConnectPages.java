package io.mailcellar.web;

import static io.mailcellar.web.FormFields.value;

import io.mailcellar.app.ApiRole;
import io.mailcellar.mailbox.OAuth2Provider;
import io.mailcellar.signin.SignIn;
import io.mailcellar.signin.SignInRequest;
import io.mailcellar.signin.SignInResource;
import io.mailcellar.signin.SignInView;
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
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;

import java.util.Map;

/**
 * "Connect Google" and "Connect Microsoft": a sign-in of the account's owner
 * at the provider (the sign-in API's code or device flow), followed on a page
 * until it is authorized, then the register form takes it. Admins only, as
 * registering is.
 */
@Path(DashboardPaths.FORMS + "/connect")
@Produces(MediaType.TEXT_HTML)
public class ConnectPages {

    private final SignInResource signIns;
    private final Validator validator;
    private final SecurityIdentity identity;
    private final Template form;
    private final Template progress;

    ConnectPages(SignInResource signIns, Validator validator, SecurityIdentity identity,
                 @Location("web/connect.html") Template form, @Location("web/connect-progress.html") Template progress) {
        this.signIns = signIns;
        this.validator = validator;
        this.identity = identity;
        this.form = form;
        this.progress = progress;
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @GET
    public Response form(@QueryParam("provider") String provider) {
        return show(200, ConnectForm.of(provider(provider)), Map.of());
    }

    @RolesAllowed(ApiRole.ADMINISTER)
    @POST
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response start(MultivaluedMap<String, String> fields) {
        CsrfCheck.require(Viewer.of(identity), fields.getFirst("csrf"));
        ConnectForm typed = ConnectForm.of(fields);
        SignInRequest request = typed.request();
        try {
            var violations = validator.validate(request);
            if (!violations.isEmpty()) {
                throw new ConstraintViolationException(violations);
            }
            SignInView started = (SignInView) signIns.start(request).getEntity();
            return Response.ok(progress.data("viewer", Viewer.of(identity)).data("s", started)
                    .data("provider", typed.providerName()).data("providerWire", typed.providerWire()).render(),
                    MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
        } catch (RuntimeException e) {
            return show(400, typed, FormErrors.of(e, ConnectPages::inputFor).orElseThrow(() -> e));
        }
    }

    /** How far the sign-in is; the page asks again every 2 seconds until it ends. */
    @RolesAllowed(ApiRole.ADMINISTER)
    @GET
    @Path("{id}")
    public Response state(@PathParam("id") String id) {
        SignInView signIn = signIns.get(id);
        ConnectForm of = ConnectForm.of(signIn.provider() == OAuth2Provider.MICROSOFT ? OAuth2Provider.MICROSOFT
                : OAuth2Provider.GOOGLE);
        return Response.ok(progress.data("viewer", Viewer.of(identity)).data("s", signIn)
                .data("provider", of.providerName()).data("providerWire", of.providerWire()).render(),
                MediaType.TEXT_HTML_TYPE.withCharset("utf-8")).build();
    }

    private Response show(int status, ConnectForm typed, Map<String, String> errors) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE.withCharset("utf-8"))
                .entity(form.data("viewer", Viewer.of(identity)).data("form", typed)
                        .data("errors", new MailboxFormPages.FieldErrors(errors)).render())
                .build();
    }

    static String inputFor(String path) {
        return switch (path == null ? "" : path) {
            case "clientId" -> "clientId";
            case "clientSecret" -> "clientSecret";
            case "tenant" -> "tenant";
            case "loginHint" -> "loginHint";
            case "flow" -> "flow";
            case "scope" -> "scope";
            default -> "form";
        };
    }

    private static OAuth2Provider provider(String named) {
        return "microsoft".equals(named) ? OAuth2Provider.MICROSOFT : OAuth2Provider.GOOGLE;
    }

    /** The connect form's fields as typed (the client secret never shown again). */
    @io.quarkus.qute.TemplateData
    public record ConnectForm(OAuth2Provider provider, String clientId, String clientSecret, String tenant,
                              String loginHint, String flow, String scope) {

        static ConnectForm of(OAuth2Provider provider) {
            return new ConnectForm(provider, "", "", "", "", provider == OAuth2Provider.MICROSOFT ? "device" : "code",
                    "");
        }

        static ConnectForm of(MultivaluedMap<String, String> fields) {
            OAuth2Provider provider = ConnectPages.provider(fields.getFirst("provider"));
            String flow = "device".equals(fields.getFirst("flow")) ? "device" : "code";
            return new ConnectForm(provider, value(fields, "clientId", ""), value(fields, "clientSecret", ""),
                    value(fields, "tenant", ""), value(fields, "loginHint", ""), flow, value(fields, "scope", ""));
        }

        SignInRequest request() {
            return new SignInRequest(provider, "device".equals(flow) ? SignIn.Flow.DEVICE : SignIn.Flow.CODE,
                    clientId.strip(), clientSecret.isEmpty() ? null : clientSecret,
                    tenant.isBlank() ? null : tenant.strip(), scope.isBlank() ? null : scope.strip(), null, null, null,
                    loginHint.isBlank() ? null : loginHint.strip());
        }

        public boolean isMicrosoft() {
            return provider == OAuth2Provider.MICROSOFT;
        }

        public String providerName() {
            return isMicrosoft() ? "Microsoft" : "Google";
        }

        public String providerWire() {
            return isMicrosoft() ? "microsoft" : "google";
        }

    }
}
