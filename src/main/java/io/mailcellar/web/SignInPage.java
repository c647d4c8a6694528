package io.mailcellar.web;

import io.mailcellar.app.ApiRole;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.NewCookie;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Signing in to the dashboard with an API token, and out again. */
@Path(DashboardPaths.ROOT)
@Produces(MediaType.TEXT_HTML)
public class SignInPage {

    private static final Logger LOG = Logger.getLogger(SignInPage.class);

    private final DashboardSessions sessions;
    private final WebSettings settings;
    private final SecurityIdentity identity;
    private final Template signIn;
    private final String oidcRoleClaim;

    SignInPage(DashboardSessions sessions, WebSettings settings, SecurityIdentity identity,
               @Location("web/sign-in.html") Template signIn,
               @org.eclipse.microprofile.config.inject.ConfigProperty(name = "mailcellar.api.oidc.role-claim",
                       defaultValue = "roles") String oidcRoleClaim) {
        this.oidcRoleClaim = oidcRoleClaim;
        this.sessions = sessions;
        this.settings = settings;
        this.identity = identity;
        this.signIn = signIn;
    }

    @PermitAll
    @GET
    public Response root() {
        return Response.seeOther(URI.create(DashboardPaths.OVERVIEW)).build();
    }

    @PermitAll
    @GET
    @Path("sign-in")
    public Response form() {
        if (!identity.isAnonymous()) {
            return Response.seeOther(URI.create(DashboardPaths.OVERVIEW)).build();
        }
        return Response.ok(signIn.data("error", "").data("oidc", sessions.oidcEnabled())).build();
    }

    @PermitAll
    @POST
    @Path("sign-in")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signIn(@FormParam("token") String token) {
        Optional<DashboardSessions.Started> started = token == null || token.isBlank() ? Optional.empty()
                : sessions.start(token.strip());
        if (started.isEmpty()) {
            return Response.status(401).entity(signIn.data("oidc", sessions.oidcEnabled())
                    .data("error", token == null || token.isBlank()
                    ? "Enter an API token." : "That is not one of the API tokens set in mailcellar.api.tokens. "
                    + "Check it, or ask whoever runs this service for one.")).build();
        }
        LOG.infof("dashboard: %s signed in with its token (%s)", started.get().session().caller(),
                started.get().role().wireName());
        return Response.seeOther(URI.create(DashboardPaths.OVERVIEW))
                .cookie(cookie(started.get().cookie(), settings.sessionLifetime())).build();
    }

    @RolesAllowed(ApiRole.READ)
    @POST
    @Path("sign-out")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response signOut(@FormParam("csrf") String csrf) {
        CsrfCheck.require(Viewer.of(identity), csrf);
        return Response.seeOther(URI.create(DashboardPaths.SIGN_IN)).cookie(cookie("", Duration.ZERO)).build();
    }

    /**
     * HttpOnly: no script reads it; Secure: only over https (browsers treat loopback as secure); SameSite=Strict:
     * no other site's page makes the browser send it.
     */
    /**
     * Where the OIDC provider's sign-in ends: quarkus-oidc ran the authorization-code flow for this path (tenant
     * {@code dashboard}), and the person arrives signed in; the dashboard's own session starts here.
     */
    @PermitAll
    @GET
    @Path("oidc/sign-in")
    public Response signedInByProvider() {
        if (identity.isAnonymous() || !sessions.oidcEnabled()) {
            return Response.seeOther(URI.create(DashboardPaths.SIGN_IN)).build();
        }
        String subject = identity.getPrincipal().getName();
        Optional<ApiRole> role = ApiRole.strongestOf(identity.getRoles());
        if (role.isEmpty()) {
            LOG.infof("dashboard: %s signed in with the OIDC provider, which gave no mailcellar role",
                    io.mailcellar.app.LogText.of(subject));
            return Response.status(403).entity(signIn.data("oidc", true).data("error", "The provider signed you in as "
                    + subject + ", but gave no mailcellar role (reader, operator or admin) in its "
                    + oidcRoleClaim + " claim. Ask whoever runs it to give you one.")).build();
        }
        DashboardSessions.Started started = sessions.startSignedIn(subject, role.get()).orElseThrow();
        LOG.infof("dashboard: %s signed in with the OIDC provider (%s)", io.mailcellar.app.LogText.of(subject),
                role.get().wireName());
        // The dashboard's session is the one that counts from here: quarkus-oidc's own ends, so that signing out
        // and in again goes back to the provider instead of reusing it.
        return Response.seeOther(URI.create(DashboardPaths.OVERVIEW))
                .cookie(cookie(started.cookie(), settings.sessionLifetime()),
                        new NewCookie.Builder(OIDC_SESSION_COOKIE).value("").path(DashboardPaths.ROOT + "/oidc")
                                .maxAge(0).httpOnly(true).secure(true).sameSite(NewCookie.SameSite.STRICT).build())
                .build();
    }

    /** quarkus-oidc's session cookie of the tenant {@code dashboard}. */
    private static final String OIDC_SESSION_COOKIE = "q_session_dashboard";

    private static NewCookie cookie(String value, Duration lifetime) {
        return new NewCookie.Builder(SessionCookie.NAME).value(value).path(DashboardPaths.ROOT + "/")
                .maxAge((int) lifetime.toSeconds()).httpOnly(true).secure(true)
                .sameSite(NewCookie.SameSite.STRICT).build();
    }
}
