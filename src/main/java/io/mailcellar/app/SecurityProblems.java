package io.mailcellar.app;

import io.mailcellar.api.Problem;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * 401 and 403 as {@code application/problem+json} that say what to send or
 * which role the call needs; never the token or why a JWT's signature failed.
 */
public class SecurityProblems {

    private final ApiSettings settings;
    private final SecurityIdentity identity;

    SecurityProblems(ApiSettings settings, SecurityIdentity identity) {
        this.settings = settings;
        this.identity = identity;
    }

    @ServerExceptionMapper
    public Response unauthorized(UnauthorizedException e, HttpHeaders headers, UriInfo uri) {
        return unauthenticated(headers, uri);
    }

    @ServerExceptionMapper
    public Response authenticationFailed(AuthenticationFailedException e, HttpHeaders headers, UriInfo uri) {
        return unauthenticated(headers, uri);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, ResourceInfo resource, UriInfo uri) {
        String needed = e.getMessage() != null && !e.getMessage().isBlank() ? e.getMessage() : neededRole(resource);
        String caller = identity.isAnonymous() ? "an anonymous caller" : "'" + LogText.of(identity.getPrincipal()
                .getName()) + "' (" + ApiRole.strongestOf(identity.getRoles()).map(ApiRole::wireName).orElse("no role")
                + ")";
        Problem problem = Problem.of(403, "Forbidden", "this call needs " + needed + "; the caller is " + caller
                + ". Roles are set with mailcellar.api.token-roles.<name>, or by the OIDC provider's "
                + settings.oidc().roleClaim() + " claim", uri.getPath());
        return Response.status(403).type(Problem.MEDIA_TYPE).entity(problem).build();
    }

    private Response unauthenticated(HttpHeaders headers, UriInfo uri) {
        String header = headers.getHeaderString(HttpHeaders.AUTHORIZATION);
        String oidc = settings.oidc().enabled() ? " or a valid token from the OIDC provider" : "";
        String detail = header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)
                ? "send the header `Authorization: Bearer <token>` with one of the tokens set in mailcellar.api.tokens"
                + oidc
                : "the bearer token is not one of mailcellar.api.tokens" + (oidc.isEmpty() ? ""
                : ", nor a token the OIDC provider signed that is still valid");
        Problem problem = Problem.of(401, "Unauthorized", detail, uri.getPath());
        return Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailcellar\"").entity(problem).build();
    }

    /** The weakest role the endpoint allows, in words. */
    private static String neededRole(ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        RolesAllowed allowed = method == null ? null : method.getAnnotation(RolesAllowed.class);
        if (allowed == null && resource != null && resource.getResourceClass() != null) {
            allowed = resource.getResourceClass().getAnnotation(RolesAllowed.class);
        }
        return allowed == null ? "a role it does not grant" : "the role " + Arrays.stream(allowed.value())
                .map(ApiRole::named).flatMap(java.util.Optional::stream).min(Enum::compareTo)
                .map(ApiRole::wireName).orElse(String.join(" or ", allowed.value()));
    }
}
