package io.mailcellar.archive;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready only while the bucket answers (it may not exist yet; the first write
 * creates it), in a process that writes to it: a poller or an archiver. The
 * api answers from Kafka alone, so an S3 outage does not take it out of its
 * Service.
 */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final ObjectStore store;
    private final boolean writes;

    S3ReadinessCheck(ObjectStore store, RoleSettings roles) {
        this.store = store;
        this.writes = roles.runs(Role.POLLER) || roles.runs(Role.ARCHIVER);
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3");
        if (!writes) {
            return response.up().withData("used", "no: this process runs neither the poller nor the archiver role")
                    .build();
        }
        try {
            return response.status(true).withData("bucketExists", store.bucketExists()).build();
        } catch (ArchiveUnavailableException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
