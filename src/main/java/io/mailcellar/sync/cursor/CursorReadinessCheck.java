package io.mailcellar.sync.cursor;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the poller knows how its cursors are partitioned. It reads the
 * cursors of the partitions it is given before it polls their mailboxes, so
 * readiness does not wait for a rebalance.
 */
@Readiness
@ApplicationScoped
public class CursorReadinessCheck implements HealthCheck {

    private final CursorStore cursors;

    CursorReadinessCheck(CursorStore cursors) {
        this.cursors = cursors;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("sync-cursors");
        if (!cursors.inUse()) {
            return response.up().withData("read", "no: this process does not run the poller role").build();
        }
        return response.status(cursors.isReady()).build();
    }
}
