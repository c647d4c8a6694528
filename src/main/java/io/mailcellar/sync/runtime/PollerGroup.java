package io.mailcellar.sync.runtime;

import io.mailcellar.app.LogText;
import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Partitions;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.kafka.Topics;
import io.mailcellar.kafka.TopicsReady;
import io.mailcellar.mailbox.SyncRequestPublisher;
import io.mailcellar.sync.check.CheckRequest;
import io.mailcellar.sync.cursor.CursorStore;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Which mailboxes this poller polls. The pollers form one Kafka consumer
 * group on the sync-requests topic; the partitions the group assigns to this
 * member are the mailboxes it owns (a mailbox's partition is its id's, by
 * Kafka's own key hash). When a poller stops or dies, the group hands its
 * partitions to the others. The records on the topic are poll-now requests,
 * turned into {@link SyncRequested} for the scheduler.
 */
@ApplicationScoped
public class PollerGroup {

    private static final Logger LOG = Logger.getLogger(PollerGroup.class);
    private static final Duration POLL_TIMEOUT = Duration.ofMillis(500);
    private static final Duration REJOIN_DELAY = Duration.ofSeconds(5);
    /** Well inside the group's max.poll.interval.ms (5 min), which the wait on assignment counts towards. */
    private static final Duration CURSORS_CURRENT_TIMEOUT = Duration.ofMinutes(2);

    private final KafkaClients clients;
    private final Topics topics;
    private final RoleSettings roles;
    private final Event<SyncRequested> requests;
    private final CursorStore cursors;
    private volatile Ownership ownership = Ownership.NONE;
    /** This member's position in each partition it holds, as of its last poll: committed with fenced saves. */
    private final Map<Integer, Long> positions = new ConcurrentHashMap<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean stopping;
    private Thread thread;

    private final KafkaSettings kafka;

    PollerGroup(KafkaClients clients, Topics topics, RoleSettings roles, Event<SyncRequested> requests,
                KafkaSettings kafka, CursorStore cursors) {
        this.kafka = kafka;
        this.cursors = cursors;
        this.clients = clients;
        this.topics = topics;
        this.roles = roles;
        this.requests = requests;
    }

    /** The partitions this member holds, out of how many, and the member as of that assignment. */
    record Ownership(Set<Integer> partitions, int partitionCount, boolean joined, ConsumerGroupMetadata member) {

        static final Ownership NONE = new Ownership(Set.of(), 0, false, null);

        boolean owns(String mailboxId) {
            return partitionCount > 0 && partitions.contains(partitionOf(mailboxId));
        }

        int partitionOf(String mailboxId) {
            return Partitions.of(mailboxId, partitionCount);
        }
    }

    /** True when this poller owns the mailbox now. */
    public boolean owns(String mailboxId) {
        return ownership.owns(mailboxId);
    }

    /**
     * What a run of the mailbox starting now fences its cursor saves with:
     * this member's hold on the mailbox's partition, as of this assignment.
     * Empty when it does not own the mailbox.
     */
    public Optional<GroupFence> fence(String mailboxId) {
        Ownership now = ownership;
        if (!now.owns(mailboxId) || now.member() == null) {
            return Optional.empty();
        }
        int partition = now.partitionOf(mailboxId);
        return Optional.of(new GroupFence(now.member(), new TopicPartition(topics.syncRequests(), partition),
                positions.getOrDefault(partition, 0L)));
    }

    /** True once the group has given this member its share (which may be none, with more pollers than partitions). */
    public boolean hasJoined() {
        return ownership.joined();
    }

    void start(@Observes TopicsReady ready) {
        if (!roles.runs(Role.POLLER) || stopping) {
            return;
        }
        thread = new Thread(this::run, "poller-group");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        KafkaConsumer<String, byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(Duration.ofSeconds(10).toMillis());
        }
    }

    /** Stays in the group until shutdown; a failed member (e.g. Kafka away at start) is replaced after a pause. */
    private void run() {
        while (!stopping) {
            try {
                membership();
            } catch (WakeupException e) {
                if (!stopping) {
                    LOG.warn("the poller group's consumer was woken up unexpectedly; rejoining");
                }
            } catch (RuntimeException e) {
                LOG.warnf("the poller left its group and polls no mailbox until it rejoins in %s: %s",
                        REJOIN_DELAY, e.toString());
                pause();
            } finally {
                ownership = Ownership.NONE;
                consumer = null;
            }
        }
    }

    private void membership() {
        String topic = topics.syncRequests();
        KafkaConsumer<String, byte[]> member = clients.groupConsumer(topics.prefix() + "pollers",
                "mailcellar-poller-group", kafka.groupInstanceId());
        try {
            consumer = member;
            if (stopping) {
                return;
            }
            member.subscribe(List.of(topic), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    Ownership before = ownership;
                    ownership = new Ownership(Set.of(), before.partitionCount(), before.joined(), null);
                    positions.clear();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    // Asked here, not before subscribing: right after the topic was created, this client's
                    // metadata may not know it yet (an empty answer), while the group's assignment does.
                    int partitionCount = member.partitionsFor(topic).size();
                    if (partitionCount == 0 && !partitions.isEmpty()) {
                        throw new IllegalStateException("assigned partitions of " + topic
                                + " whose metadata this client does not have yet");
                    }
                    // All it holds now, whether the assignor hands over everything or only what is added.
                    Set<TopicPartition> assigned = member.assignment();
                    Set<Integer> owned = assigned.stream().map(TopicPartition::partition)
                            .collect(Collectors.toCollection(TreeSet::new));
                    // Before polling a mailbox: its last owner's save is committed or aborted (a read_committed
                    // member's position waits for the offsets a transaction commits), and read here, with the
                    // cursors of these partitions only; those of partitions taken away are let go.
                    assigned.forEach(partition -> positions.put(partition.partition(), member.position(partition)));
                    cursors.load(owned, partitionCount, CURSORS_CURRENT_TIMEOUT);
                    ownership = new Ownership(Set.copyOf(owned), partitionCount, true, member.groupMetadata());
                    LOG.infof("this poller owns partitions %s of %d", owned, partitionCount);
                }

                @Override
                public void onPartitionsLost(Collection<TopicPartition> partitions) {
                    onPartitionsRevoked(partitions);
                }
            });
            while (!stopping) {
                for (ConsumerRecord<String, byte[]> record : member.poll(POLL_TIMEOUT)) {
                    if (record.key() != null) {
                        requests.fire(requested(record));
                    }
                }
                for (TopicPartition partition : member.assignment()) {
                    positions.put(partition.partition(), member.position(partition));
                }
            }
        } finally {
            // Stopping, even a static member leaves: its partitions move at once rather than after the session
            // timeout (a rolling update). A member failing on its own stays, to be replaced after a pause.
            member.close(CloseOptions.groupMembershipOperation(stopping
                    ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                    : CloseOptions.GroupMembershipOperation.DEFAULT).withTimeout(Duration.ofSeconds(5)));
        }
    }

    /**
     * The request: whether it asks to skip a back-off, and for a check of the archive. A value that cannot be
     * read is an ordinary request.
     */
    private static SyncRequested requested(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return new SyncRequested(record.key(), false);
        }
        try {
            SyncRequestPublisher.SyncRequest request = StoredJson.mapper()
                    .readValue(record.value(), SyncRequestPublisher.SyncRequest.class);
            return new SyncRequested(record.key(), request.force(),
                    request.check() == null ? null : new CheckRequest(request.check().readData()), request.prune());
        } catch (IOException e) {
            LOG.warnf("mailbox %s: a poll request that cannot be read (%s); taken as not forced",
                    LogText.of(record.key()), LogText.of(e.getMessage()));
            return new SyncRequested(record.key(), false);
        }
    }

    private void pause() {
        try {
            Thread.sleep(REJOIN_DELAY.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopping = true;
        }
    }
}
