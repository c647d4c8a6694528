package io.mailcellar.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.concurrent.TimeUnit;

/** Ready only once the topics exist and while the cluster answers. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private static final int PROBE_TIMEOUT_MS = 3_000;

    private final KafkaStartup startup;
    private final KafkaClients clients;
    private Admin admin;

    KafkaReadinessCheck(KafkaStartup startup, KafkaClients clients) {
        this.startup = startup;
        this.clients = clients;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        var response = HealthCheckResponse.named("kafka");
        if (!startup.topicsReady()) {
            return response.down().withData("error", "topics not created yet").build();
        }
        try {
            if (admin == null) {
                admin = clients.admin();
            }
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(PROBE_TIMEOUT_MS))
                    .nodes().get(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            return response.up().withData("brokers", nodes).build();
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            return response.down().withData("error", e.toString()).build();
        }
    }

    synchronized void close(@Observes ShutdownEvent event) {
        if (admin != null) {
            admin.close();
        }
    }
}
