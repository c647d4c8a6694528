package io.mailcellar.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import io.smallrye.faulttolerance.api.ExponentialBackoff;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.jboss.logging.Logger;

import java.time.temporal.ChronoUnit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics of DESIGN's table that do not exist yet. The three
 * compacted topics share one partition count, so a mailbox's registration,
 * cursor and status land in the same partition number.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final String SEVEN_DAYS_MS = Long.toString(TimeUnit.DAYS.toMillis(7));

    private final KafkaClients clients;
    private final KafkaSettings settings;
    private final Topics topics;
    private volatile boolean provisioned;

    TopicProvisioner(KafkaClients clients, KafkaSettings settings, Topics topics) {
        this.clients = clients;
        this.settings = settings;
        this.topics = topics;
    }

    /** Idempotent; retried with backoff for as long as the cluster cannot be reached. */
    @Retry(maxRetries = -1, delay = 500, jitter = 250, maxDuration = 3650, durationUnit = ChronoUnit.DAYS,
            retryOn = KafkaUnavailableException.class)
    @ExponentialBackoff(maxDelay = 30, maxDelayUnit = ChronoUnit.SECONDS)
    public synchronized void ensureTopics() throws InterruptedException {
        if (provisioned) {
            return;
        }
        long timeoutMs = settings.apiTimeout().toMillis();
        try (Admin admin = clients.admin()) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (NewTopic topic : wanted()) {
                if (!existing.contains(topic.name())) {
                    missing.add(topic);
                }
            }
            if (!missing.isEmpty()) {
                createAll(admin, missing, timeoutMs);
            }
            provisioned = true;
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            LOG.warnf("Kafka not reachable to list or create topics (%s); retrying", e.toString());
            throw new KafkaUnavailableException("cannot list or create topics: " + e, e);
        }
    }

    private void createAll(Admin admin, List<NewTopic> missing, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        var results = admin.createTopics(missing).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.infof("created topic %s", entry.getKey());
            } catch (ExecutionException e) {
                // Another instance starting at the same time may have won the race.
                if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    private List<NewTopic> wanted() {
        Map<String, String> compacted = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        Map<String, String> events = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, SEVEN_DAYS_MS);
        Map<String, String> dlq = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE);
        return List.of(
                topic(topics.mailboxes(), compacted),
                topic(topics.syncState(), compacted),
                topic(topics.mailboxStatus(), compacted),
                topic(topics.mailEvents(), events),
                topic(topics.mailEventsDlq(), dlq));
    }

    private NewTopic topic(String name, Map<String, String> config) {
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(config);
    }
}
