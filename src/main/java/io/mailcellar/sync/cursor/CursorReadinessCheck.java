package io.mailcellar.sync.cursor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the poller's cursors are replayed: polling before that would fetch mail twice. */
@Readiness
@ApplicationScoped
public class CursorReadinessCheck implements HealthCheck {

    private final CursorStore cursors;

    CursorReadinessCheck(CursorStore cursors) {
        this.cursors = cursors;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("sync-cursors").status(cursors.isReady()).build();
    }
}
