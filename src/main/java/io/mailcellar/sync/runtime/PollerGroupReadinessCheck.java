package io.mailcellar.sync.runtime;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** A poller is ready once the pollers' group has given it its share of the mailboxes. */
@Readiness
@ApplicationScoped
public class PollerGroupReadinessCheck implements HealthCheck {

    private final PollerGroup group;
    private final RoleSettings roles;

    PollerGroupReadinessCheck(PollerGroup group, RoleSettings roles) {
        this.group = group;
        this.roles = roles;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("poller-group")
                .status(!roles.runs(Role.POLLER) || group.hasJoined())
                .build();
    }
}
