package io.mailcellar.web;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.MultiMap;
import io.vertx.core.net.SocketAddress;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * What holds for every dashboard answer: it is served only by the api role
 * and only when enabled; only over https, except to a browser on the same
 * machine; and with headers that keep the page to itself: a policy that runs
 * only the service's own scripts and styles and loads nothing from elsewhere,
 * no framing by other sites, no sniffing, no referrer, no caching.
 */
@ApplicationScoped
class PageGuard {

    /** The pages' policy. htmx's requests go to the service itself (connect-src 'self'). */
    static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; frame-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

    private final RoleSettings roles;
    private final WebSettings settings;

    PageGuard(RoleSettings roles, WebSettings settings) {
        this.roles = roles;
        this.settings = settings;
    }

    void register(@Observes Filters filters) {
        filters.register(this::guard, 900);
    }

    private void guard(RoutingContext context) {
        String path = context.normalizedPath();
        if (!path.equals(DashboardPaths.ROOT) && !path.startsWith(DashboardPaths.ROOT + "/")) {
            context.next();
            return;
        }
        if (!roles.runs(Role.API) || !settings.enabled()) {
            refuse(context, 404, "There is no dashboard here: " + (settings.enabled()
                    ? "this instance does not run the api role (mailcellar.roles)."
                    : "it is switched off (mailcellar.web.enabled=false)."));
            return;
        }
        if (!"https".equalsIgnoreCase(context.request().scheme()) && !fromLoopback(context.request().remoteAddress())) {
            refuse(context, 403, "The dashboard is served only over https, so that the API token and the session "
                    + "cannot be read on the way. Open it through https (an Ingress with TLS, see docs/dashboard.md), "
                    + "or from this machine.");
            return;
        }
        context.addHeadersEndHandler(ended -> {
            MultiMap headers = context.response().headers();
            if (!headers.contains("Content-Security-Policy")) {
                headers.set("Content-Security-Policy", PAGE_POLICY);
            }
            if (!headers.contains("X-Frame-Options")) {
                headers.set("X-Frame-Options", "DENY");
            }
            if (!headers.contains("Cache-Control") && !path.startsWith(DashboardPaths.ASSETS + "/")) {
                headers.set("Cache-Control", "no-store");
            }
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Referrer-Policy", "no-referrer");
        });
        context.next();
    }

    static boolean fromLoopback(SocketAddress remote) {
        if (remote == null || remote.hostAddress() == null) {
            return false;
        }
        try {
            // A literal address: no lookup happens.
            return InetAddress.getByName(remote.hostAddress()).isLoopbackAddress();
        } catch (UnknownHostException notAnAddress) {
            return false;
        }
    }

    private static void refuse(RoutingContext context, int status, String words) {
        context.response().setStatusCode(status)
                .putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Content-Security-Policy", "sandbox; default-src 'none'")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(words + "\n");
    }
}
