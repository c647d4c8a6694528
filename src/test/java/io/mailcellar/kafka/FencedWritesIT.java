package io.mailcellar.kafka;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.testsupport.LocalServers;
import io.quarkus.runtime.configuration.MemorySize;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Writes to a transactional compacted table on the real broker: a write
 * fenced by a member's hold on a partition is refused once a rebalance
 * moved the group on, and nothing of it is ever read; a write is seen whole
 * or not at all; a view can be brought up to what others committed; a view
 * by partition holds what it follows and nothing else.
 */
class FencedWritesIT {

    private static final String KEY = "mailbox/cursor";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String requests = "fence-requests-" + run;
    private final String state = "fence-state-" + run;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private KafkaClients clients;

    @BeforeEach
    void topics() throws Exception {
        clients = new KafkaClients(Map.of("bootstrap.servers", LocalServers.get().kafka().bootstrapServers()));
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(requests, 1, (short) 1),
                    new NewTopic(state, 1, (short) 1).configs(Map.of(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterEach
    void close() throws Exception {
        Collections.reverse(opened);
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
    }

    @Test
    void aSaveFencedBeforeARebalanceIsRefusedAndNeverRead() {
        KafkaConsumer<String, byte[]> first = member("first");
        awaitAssigned(List.of(first));
        GroupFence firstHold = hold(first);
        CompactedTable<String> firstTable = table("first", true, new CopyOnWriteArrayList<>());
        firstTable.write(Map.of(KEY, "first, before the rebalance"), List.of(), firstHold);

        // A second member joins: the group moves to a new generation, whoever ends up with the partition.
        KafkaConsumer<String, byte[]> second = member("second");
        List<KafkaConsumer<String, byte[]>> both = List.of(first, second);
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            both.forEach(member -> member.poll(Duration.ofMillis(100)));
            return first.groupMetadata().generationId() > firstHold.member().generationId()
                    && first.groupMetadata().generationId() == second.groupMetadata().generationId()
                    && first.assignment().size() + second.assignment().size() == 1;
        });
        KafkaConsumer<String, byte[]> holder = first.assignment().isEmpty() ? second : first;
        CompactedTable<String> holderTable = holder == first ? firstTable : table("second", true, new CopyOnWriteArrayList<>());
        holderTable.write(Map.of(KEY, "the holder, after the rebalance"), List.of(), hold(holder));

        assertThatThrownBy(() -> firstTable.write(Map.of(KEY, "first, late"), List.of(), firstHold))
                .isInstanceOf(FencedWriteException.class)
                .hasMessageContaining("no longer holds partition 0 of " + requests);

        List<String> read = new CopyOnWriteArrayList<>();
        CompactedTable<String> reader = table("reader", false, read);
        await().atMost(Duration.ofSeconds(30)).until(reader::isReady);
        assertThat(read).as("every value ever committed, in order: the late save is not among them")
                .containsExactly("first, before the rebalance", "the holder, after the rebalance");
        assertThat(reader.get(KEY)).contains("the holder, after the rebalance");
        firstTable.awaitCurrent(Duration.ofSeconds(30));
        assertThat(firstTable.get(KEY)).as("the refused write's own view").contains("the holder, after the rebalance");
    }

    @Test
    void aWriteIsSeenWholeOrNotAtAll() {
        CompactedTable<String> writer = table("writer", true, new CopyOnWriteArrayList<>());
        String tooLarge = "x".repeat(2 * 1024 * 1024);
        assertThatThrownBy(() -> writer.write(Map.of("a/segment", "small", "a/cursor", tooLarge), List.of(), null))
                .isInstanceOf(KafkaUnavailableException.class);
        writer.write(Map.of("b/cursor", "fits"), List.of(), null);

        List<String> read = new CopyOnWriteArrayList<>();
        CompactedTable<String> reader = table("reader", false, read);
        await().atMost(Duration.ofSeconds(30)).until(reader::isReady);
        assertThat(read).as("the small record of the refused write was never committed").containsExactly("fits");
        assertThat(writer.get("a/segment")).as("nor is it in the writer's own view").isEmpty();
    }

    @Test
    void aViewBroughtCurrentHoldsWhatAnotherInstanceJustCommitted() {
        CompactedTable<String> ours = table("ours", true, new CopyOnWriteArrayList<>());
        CompactedTable<String> theirs = table("theirs", true, new CopyOnWriteArrayList<>());
        await().atMost(Duration.ofSeconds(30)).until(() -> ours.isReady() && theirs.isReady());
        for (int i = 0; i < 20; i++) {
            theirs.write(Map.of(KEY, "theirs " + i), List.of(), null);
            ours.awaitCurrent(Duration.ofSeconds(30));
            assertThat(ours.get(KEY)).contains("theirs " + i);
        }
    }

    @Test
    void aTableByPartitionHoldsWhatItFollowsAndLetsGoOfTheRest() throws Exception {
        String topic = "fence-parts-" + run;
        try (Admin admin = clients.admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1).configs(Map.of(
                    TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT))))
                    .all().get(30, TimeUnit.SECONDS);
        }
        String a = mailboxIn(0);
        String b = mailboxIn(1);
        CompactedTable<String> writer = byMailbox(topic, "writer", CompactedTable.Scope.WHOLE_TOPIC, key -> { });
        writer.write(Map.of(a + "/x", "a1", b + "/x", "b1"), List.of());
        List<String> heard = new CopyOnWriteArrayList<>();
        CompactedTable<String> ours = byMailbox(topic, "ours", CompactedTable.Scope.FOLLOWED_PARTITIONS, heard::add);
        assertThat(ours.holds(a + "/x")).as("nothing followed yet").isFalse();
        assertThat(ours.get(a + "/x")).isEmpty();

        ours.follow(Set.of(0)).get(30, TimeUnit.SECONDS);
        assertThat(ours.holds(a + "/x")).isTrue();
        assertThat(ours.get(a + "/x")).contains("a1");
        assertThat(ours.holds(b + "/x")).isFalse();
        assertThat(ours.get(b + "/x")).as("partition 1 is not read").isEmpty();
        ours.write(Map.of(a + "/y", "ours"), List.of(), null);

        heard.clear();
        ours.follow(Set.of(1)).get(30, TimeUnit.SECONDS);
        assertThat(ours.keys()).as("partition 0 let go").containsExactly(b + "/x");
        assertThat(heard).as("each key let go is heard as changed elsewhere").contains(a + "/x", a + "/y");

        writer.write(Map.of(a + "/x", "a2"), List.of());
        ours.follow(Set.of(0, 1)).get(30, TimeUnit.SECONDS);
        assertThat(ours.get(a + "/x")).as("read again from its beginning").contains("a2");
        assertThat(ours.get(a + "/y")).as("its own earlier write too, not skipped as one pending").contains("ours");
        assertThat(ours.get(b + "/x")).contains("b1");
    }

    /** A mailbox id whose records go to this partition of two. */
    private static String mailboxIn(int partition) {
        for (int i = 0; ; i++) {
            if (Partitions.of("mailbox-" + i, 2) == partition) {
                return "mailbox-" + i;
            }
        }
    }

    /** A table over the topic whose records are partitioned by the part of the key before its slash. */
    private CompactedTable<String> byMailbox(String topic, String name, CompactedTable.Scope scope,
                                             java.util.function.Consumer<String> heard) {
        CompactedTable<String> table = CompactedTable.open(clients, topic, new Strings(new ArrayList<>(), true),
                heard, SETTINGS, name, Optional.of("parts-" + run + "-" + name), scope);
        opened.add(table);
        await().atMost(Duration.ofSeconds(30)).until(table::isReady);
        return table;
    }

    /** Values as JSON strings, each one read noted in {@code read}; partitioned by key, or by its mailbox part. */
    private record Strings(List<String> read, boolean byMailbox) implements CompactedTable.Codec<String> {

        @Override
        public byte[] write(String key, String value) throws IOException {
            return JSON.writeValueAsBytes(value);
        }

        @Override
        public String read(String key, byte[] bytes) throws IOException {
            String value = JSON.readValue(bytes, String.class);
            read.add(value);
            return value;
        }

        @Override
        public String partitionKey(String key) {
            return byMailbox ? key.substring(0, key.indexOf('/')) : key;
        }
    }

    private KafkaConsumer<String, byte[]> member(String name) {
        KafkaConsumer<String, byte[]> member = clients.groupConsumer("fence-group-" + run, name, Optional.empty());
        member.subscribe(List.of(requests));
        opened.add(member);
        return member;
    }

    private static void awaitAssigned(List<KafkaConsumer<String, byte[]>> members) {
        await().atMost(Duration.ofSeconds(60)).until(() -> {
            members.forEach(member -> member.poll(Duration.ofMillis(100)));
            return members.stream().mapToInt(member -> member.assignment().size()).sum() == 1;
        });
    }

    private GroupFence hold(KafkaConsumer<String, byte[]> member) {
        TopicPartition partition = new TopicPartition(requests, 0);
        assertThat(member.assignment()).containsExactly(partition);
        return new GroupFence(member.groupMetadata(), partition, member.position(partition));
    }

    /** A table over the state topic; every value its reader reads goes to {@code read}. */
    private CompactedTable<String> table(String name, boolean transactional, List<String> read) {
        CompactedTable<String> table = CompactedTable.open(clients, state, new Strings(read, false), key -> { },
                SETTINGS, name,
                transactional ? Optional.of("fence-" + run + "-" + name) : Optional.empty());
        opened.add(table);
        await().atMost(Duration.ofSeconds(30)).until(table::isReady);
        return table;
    }

    private static final KafkaSettings SETTINGS = new KafkaSettings() {
        @Override
        public String topicPrefix() {
            return "fence.";
        }

        @Override
        public int partitions() {
            return 1;
        }

        @Override
        public short replicationFactor() {
            return 1;
        }

        @Override
        public MemorySize inlineLimit() {
            return new MemorySize(java.math.BigInteger.valueOf(512 * 1024));
        }

        @Override
        public MemorySize stateRecordLimit() {
            return new MemorySize(java.math.BigInteger.valueOf(1024 * 1024));
        }

        @Override
        public Optional<String> groupInstanceId() {
            return Optional.empty();
        }

        @Override
        public Duration mailEventsRetention() {
            return Duration.ofDays(30);
        }

        @Override
        public Duration apiTimeout() {
            return Duration.ofSeconds(10);
        }
    };
}
