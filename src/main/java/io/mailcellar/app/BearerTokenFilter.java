package io.mailcellar.app;

import io.mailcellar.api.Problem;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * Every call under {@code /api/} needs {@code Authorization: Bearer <token>}
 * with one of {@code mailcellar.api.tokens}; health, metrics, the OpenAPI
 * description and the sign-in callback (which its state authenticates) stay open. A refusal is a 401 problem that says what to send.
 */
public class BearerTokenFilter {

    private static final String SCHEME = "Bearer ";
    /** A provider's redirect back after a sign-in: a browser brings no token, its single-use state stands in. */
    private static final String BROWSER_CALLBACK = "/api/v1/oauth/callback";

    private final ApiTokens tokens;

    BearerTokenFilter(ApiTokens tokens) {
        this.tokens = tokens;
    }

    // After ApiRoleFilter: a process without the api role answers 404 whatever the token.
    @ServerRequestFilter(preMatching = true, priority = 1100)
    public Optional<Response> authenticate(ContainerRequestContext request) {
        String path = request.getUriInfo().getPath();
        if (!path.startsWith("/api/") || path.equals(BROWSER_CALLBACK)) {
            return Optional.empty();
        }
        String header = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return refuse(path, "send the header `Authorization: Bearer <token>` with one of the tokens set in "
                    + "mailcellar.api.tokens");
        }
        if (tokens.match(header.substring(SCHEME.length()).strip()).isEmpty()) {
            return refuse(path, "the bearer token is not one of mailcellar.api.tokens");
        }
        return Optional.empty();
    }

    private static Optional<Response> refuse(String path, String detail) {
        Problem problem = Problem.of(401, "Unauthorized", detail, path);
        return Optional.of(Response.status(401).type(Problem.MEDIA_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"mailcellar\"")
                .entity(problem).build());
    }
}
