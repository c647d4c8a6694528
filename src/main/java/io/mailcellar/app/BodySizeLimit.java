package io.mailcellar.app;

import io.mailcellar.api.Problem;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request that announces a body over {@code quarkus.http.limits.max-body-size}
 * is answered 413 as problem+json before its body is read, saying the limit;
 * Vert.x enforces the same limit on bodies sent without a length.
 */
@ApplicationScoped
class BodySizeLimit {

    private final long limit;

    BodySizeLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length != null && tooLong(length)) {
                Problem problem = Problem.of(413, "Content Too Large", "the request body is over " + limit
                        + " bytes (quarkus.http.limits.max-body-size); a registration is a few KiB",
                        context.request().path());
                context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                        .putHeader("Connection", "close").end(Json.encode(problem));
                return;
            }
            context.next();
        }, 1000);
    }

    private boolean tooLong(String length) {
        try {
            return Long.parseLong(length.trim()) > limit;
        } catch (NumberFormatException e) {
            // Not a length: the HTTP codec refuses such a request itself.
            return false;
        }
    }
}
