package io.mailcellar.app;

import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.util.Set;

/**
 * One line per API call or dashboard request that changes something, reads message content, or
 * is refused (401, 403), on the logger {@code mailcellar.audit}: who
 * (the token's name or the OIDC subject), method, path, mailbox and outcome.
 * Never a body, a header or a query value.
 */
public class AuditLog {

    private static final Logger AUDIT = Logger.getLogger("mailcellar.audit");
    private static final Set<String> MUTATING = Set.of("POST", "PUT", "PATCH", "DELETE");
    /** A message's bytes or an export: reads of what mail says. Compiled once; every API answer passes here. */
    private static final java.util.regex.Pattern CONTENT =
            java.util.regex.Pattern.compile("/(api/v1|ui)/mailboxes/[^/]+/(messages/[^/]+(/.*)?|export)/?");

    private final SecurityIdentity identity;

    AuditLog(SecurityIdentity identity) {
        this.identity = identity;
    }

    @ServerResponseFilter
    public void audit(ContainerRequestContext request, ContainerResponseContext response) {
        String path = request.getUriInfo().getPath();
        int status = response.getStatus();
        if (!(path.startsWith("/api/") || path.startsWith("/ui/")) || !audited(request.getMethod(), path, status)) {
            return;
        }
        String mailbox = request.getUriInfo().getPathParameters().getFirst("id");
        AUDIT.infof("audit: caller=%s via=%s method=%s path=%s mailbox=%s outcome=%d", caller(), via(),
                request.getMethod(), LogText.of(path), mailbox == null ? "-" : LogText.of(mailbox), status);
    }

    /** Changes, refusals, and reads of what a message says (its content, an export). */
    static boolean audited(String method, String path, int status) {
        return MUTATING.contains(method) || status == 401 || status == 403
                || CONTENT.matcher(path).matches();
    }

    private String caller() {
        try {
            return identity.isAnonymous() ? "anonymous" : LogText.of(identity.getPrincipal().getName());
        } catch (RuntimeException notAuthenticated) {
            // The caller could not be established (a refused JWT): the refusal itself is what is logged.
            return "unauthenticated";
        }
    }

    private String via() {
        try {
            Object via = identity.isAnonymous() ? null : identity.getAttribute(ApiTokenMechanism.VIA);
            return via == null ? "-" : via.toString();
        } catch (RuntimeException notAuthenticated) {
            return "-";
        }
    }
}
