package io.mailcellar.archive;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready only while the bucket answers (it may not exist yet; the first write creates it). */
@Readiness
@ApplicationScoped
public class S3ReadinessCheck implements HealthCheck {

    private final ObjectStore store;

    S3ReadinessCheck(ObjectStore store) {
        this.store = store;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("s3");
        try {
            return response.status(true).withData("bucketExists", store.bucketExists()).build();
        } catch (ArchiveUnavailableException e) {
            return response.down().withData("error", e.getMessage()).build();
        }
    }
}
