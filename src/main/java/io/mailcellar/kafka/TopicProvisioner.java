package io.mailcellar.kafka;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
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
 * compacted topics and the sync requests share one partition count, so a
 * mailbox's registration, cursor, status and poll requests land in the same
 * partition number, the one whose owner polls it.
 */
@ApplicationScoped
public class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);
    private static final String ONE_DAY_MS = Long.toString(TimeUnit.DAYS.toMillis(1));

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
            raiseStateRecordLimit(admin, existing, timeoutMs);
            for (String topic : List.of(topics.mailEvents(), topics.mailEventsDlq())) {
                if (existing.contains(topic)) {
                    raiseEventRetention(admin, topic, timeoutMs);
                }
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

    /**
     * An older version created {@code mail-events} with 7 days, and its dead letters with the broker's default; a
     * shorter retention than configured is raised, a longer one an operator chose is kept.
     */
    private void raiseEventRetention(Admin admin, String name, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, name);
        ConfigEntry current = admin.describeConfigs(List.of(topic)).all().get(timeoutMs, TimeUnit.MILLISECONDS)
                .get(topic).get(TopicConfig.RETENTION_MS_CONFIG);
        long wanted = settings.mailEventsRetention().toMillis();
        long kept = current == null || current.value() == null ? wanted : Long.parseLong(current.value());
        if (kept >= 0 && kept < wanted) {
            admin.incrementalAlterConfigs(Map.of(topic, List.of(new AlterConfigOp(new ConfigEntry(
                    TopicConfig.RETENTION_MS_CONFIG, Long.toString(wanted)), AlterConfigOp.OpType.SET))))
                    .all().get(timeoutMs, TimeUnit.MILLISECONDS);
            LOG.infof("raised the retention of topic %s from %d to %d ms (mailcellar.kafka.mail-events-retention)",
                    name, kept, wanted);
        }
    }

    /** Topics created by an older version keep their size limit unless it is set again. */
    private void raiseStateRecordLimit(Admin admin, Set<String> existing, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        String limit = Long.toString(settings.stateRecordLimit().asLongValue());
        Map<ConfigResource, java.util.Collection<AlterConfigOp>> changes = new java.util.HashMap<>();
        for (String topic : List.of(topics.mailboxes(), topics.syncState(), topics.mailboxStatus(),
                topics.archiveState(), topics.restores(), topics.oauthAuthorizations())) {
            if (existing.contains(topic)) {
                changes.put(new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, limit), AlterConfigOp.OpType.SET)));
            }
        }
        if (!changes.isEmpty()) {
            admin.incrementalAlterConfigs(changes).all().get(timeoutMs, TimeUnit.MILLISECONDS);
        }
    }

    private List<NewTopic> wanted() {
        Map<String, String> compacted = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT,
                TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Long.toString(settings.stateRecordLimit().asLongValue()));
        Map<String, String> events = Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(settings.mailEventsRetention().toMillis()));
        // Dead letters wait for a person to fix their cause and replay them: as long as the events themselves.
        Map<String, String> dlq = events;
        // A poll-now request matters for seconds; a day is plenty for a poller that was away.
        Map<String, String> requests = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, ONE_DAY_MS);
        return List.of(
                topic(topics.mailboxes(), compacted),
                topic(topics.syncState(), compacted),
                topic(topics.mailboxStatus(), compacted),
                topic(topics.archiveState(), compacted),
                topic(topics.restores(), compacted),
                topic(topics.oauthAuthorizations(), compacted),
                topic(topics.syncRequests(), requests),
                topic(topics.mailEvents(), events),
                topic(topics.mailEventsDlq(), dlq));
    }

    private NewTopic topic(String name, Map<String, String> config) {
        return new NewTopic(name, settings.partitions(), settings.replicationFactor()).configs(config);
    }
}
