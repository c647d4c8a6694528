package io.mailcellar.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready once the registry view has replayed the whole mailboxes topic, and
 * every key a registration's secret was sealed with is configured: a
 * process that could not open them would fail every poll of those mailboxes,
 * so it says which mailboxes need which key instead of starting to.
 */
@Readiness
@ApplicationScoped
public class RegistryReadinessCheck implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(RegistryReadinessCheck.class);

    private final MailboxRegistry registry;
    private final Instance<SecretSealer> sealer;
    private volatile String reported;

    RegistryReadinessCheck(MailboxRegistry registry, Instance<SecretSealer> sealer) {
        this.registry = registry;
        this.sealer = sealer;
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
        List<Mailbox> mailboxes = registry.all();
        String missing = missingKeys(mailboxes, sealer.get());
        if (missing != null) {
            if (!missing.equals(reported)) {
                reported = missing;
                LOG.error(missing);
            }
            return response.down().withData("error", missing).build();
        }
        return response.up().withData("mailboxes", mailboxes.size()).build();
    }

    /** Which mailboxes need a sealing key this process lacks, in words; null when none does. */
    static String missingKeys(List<Mailbox> mailboxes, SecretSealer sealer) {
        Map<String, List<String>> byKey = new TreeMap<>();
        for (Mailbox mailbox : mailboxes) {
            String key = SecretSealer.keyIdOf(mailbox.auth().sealedSecret());
            if (key != null && !sealer.hasKey(key)) {
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(mailbox.id());
            }
        }
        if (byKey.isEmpty()) {
            return null;
        }
        return byKey.entrySet().stream()
                .map(e -> "sealing key '" + e.getKey() + "' is not configured, and " + e.getValue().size()
                        + " mailbox(es) need it: " + String.join(", ", e.getValue().subList(0,
                        Math.min(20, e.getValue().size()))) + (e.getValue().size() > 20 ? ", …" : ""))
                .collect(Collectors.joining("; "))
                + ". Add the key back to mailcellar.sealing.keys; to retire it, reseal first "
                + "(POST /api/v1/admin/reseal with the new key active), then remove it";
    }
}
