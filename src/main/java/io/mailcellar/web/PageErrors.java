package io.mailcellar.web;

import io.mailcellar.api.Problem;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URI;

/**
 * The API answers errors as problem+json; on a dashboard page the same
 * problem becomes a page a person reads, and a missing or ended session
 * goes back to the sign-in form.
 */
class PageErrors {

    private final Template error;

    PageErrors(@Location("web/error.html") Template error) {
        this.error = error;
    }

    @ServerResponseFilter
    public void asPage(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith(DashboardPaths.ROOT + "/") || !(response.getEntity() instanceof Problem problem)) {
            return;
        }
        if (problem.status() == 401) {
            response.setStatus(303);
            response.getHeaders().putSingle("Location", URI.create(DashboardPaths.SIGN_IN));
            response.getHeaders().remove("WWW-Authenticate");
            response.setEntity(null);
            return;
        }
        String page = error.data("status", problem.status()).data("title", problem.title())
                .data("detail", problem.detail() == null ? "" : problem.detail()).render();
        response.setEntity(page, null, MediaType.TEXT_HTML_TYPE.withCharset("utf-8"));
    }
}
