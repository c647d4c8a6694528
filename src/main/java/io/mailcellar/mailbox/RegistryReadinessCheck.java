package io.mailcellar.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the registry view has replayed the whole mailboxes topic. */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private final MailboxRegistry registry;

    RegistryReadinessCheck(MailboxRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("mailbox-registry");
        if (!registry.inUse()) {
            return response.up().withData("read", "no: this process runs neither the api nor the poller role")
                    .build();
        }
        if (!registry.isReady()) {
            return response.down().withData("error", "replaying the mailboxes topic").build();
        }
        return response.up().withData("mailboxes", registry.all().size()).build();
    }
}
