package io.mailcellar.app;

import io.mailcellar.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/** In a process without the api role, the REST API answers 404; health and metrics stay up. */
public class ApiRoleFilter {

    private final RoleSettings roles;

    ApiRoleFilter(RoleSettings roles) {
        this.roles = roles;
    }

    @ServerRequestFilter(preMatching = true, priority = 1000)
    public Optional<Response> refuseWithoutApiRole(ContainerRequestContext request) {
        if (roles.runs(Role.API) || !request.getUriInfo().getPath().startsWith("/api/")) {
            return Optional.empty();
        }
        Problem problem = Problem.of(404, "Not Found", "this instance does not run the api role (mailcellar.roles)",
                request.getUriInfo().getPath());
        return Optional.of(Response.status(404).type(Problem.MEDIA_TYPE).entity(problem).build());
    }
}
