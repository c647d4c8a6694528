package io.mailcellar.kafka;

import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Opens the {@link CompactedTable}s this process needs once the topics exist,
 * and closes them at shutdown, so the views built on them (registry, cursors,
 * statuses) only say which topic and type they hold, and which roles read
 * them. A table no role of this process reads is never opened: no consumer
 * replays its topic, and no memory holds it (an archiver-only process reads
 * none of them).
 */
@ApplicationScoped
public class CompactedTables {

    private final KafkaClients clients;
    private final KafkaSettings settings;
    private final List<Handle<?>> handles = new CopyOnWriteArrayList<>();
    private volatile boolean topicsReady;

    CompactedTables(KafkaClients clients, KafkaSettings settings) {
        this.clients = clients;
        this.settings = settings;
    }

    /**
     * A table over the topic: opened as soon as the topics exist (at once if they already do) when
     * {@code inUse}, which the view decides from the roles this process runs; never opened otherwise.
     */
    public <V> Handle<V> register(String topic, Class<V> type, String clientId, boolean inUse) {
        return register(topic, CompactedTable.Codec.json(StoredJson.mapper(), type), key -> { }, clientId, inUse);
    }

    /**
     * A table whose values the codec reads and writes; {@code othersWrote} hears the key of every record read
     * that this instance did not write itself.
     */
    public <V> Handle<V> register(String topic, CompactedTable.Codec<V> codec, Consumer<String> othersWrote,
                                  String clientId, boolean inUse) {
        return register(topic, codec, othersWrote, clientId, inUse, Optional.empty(), CompactedTable.Scope.WHOLE_TOPIC);
    }

    /**
     * A table written in Kafka transactions, so that a write can be {@link GroupFence fenced}, and held by
     * {@linkplain CompactedTable.Scope scope}. The transactional id is the static group member's id where one
     * is set, so a restarted poller aborts what its crashed predecessor left open at once; else one of its own.
     */
    public <V> Handle<V> registerTransactional(String topic, CompactedTable.Codec<V> codec,
                                               Consumer<String> othersWrote, String clientId, boolean inUse,
                                               CompactedTable.Scope scope) {
        return register(topic, codec, othersWrote, clientId, inUse,
                Optional.of(clientId + "-" + settings.groupInstanceId().orElseGet(() -> UUID.randomUUID().toString())),
                scope);
    }

    private <V> Handle<V> register(String topic, CompactedTable.Codec<V> codec, Consumer<String> othersWrote,
                                   String clientId, boolean inUse, Optional<String> transactionalId,
                                   CompactedTable.Scope scope) {
        Handle<V> handle = new Handle<>(topic, codec, othersWrote, clientId, inUse, transactionalId, scope);
        handles.add(handle);
        if (topicsReady) {
            handle.open();
        }
        return handle;
    }

    void start(@Observes TopicsReady ready) {
        topicsReady = true;
        handles.forEach(Handle::open);
    }

    void stop(@Observes ShutdownEvent event) {
        handles.forEach(Handle::close);
    }

    /** One table, not ready until its topic has been replayed. */
    public final class Handle<V> {

        private final String topic;
        private final CompactedTable.Codec<V> codec;
        private final Consumer<String> othersWrote;
        private final String clientId;
        private final boolean inUse;
        private final Optional<String> transactionalId;
        private final CompactedTable.Scope scope;
        private volatile CompactedTable<V> table;

        private Handle(String topic, CompactedTable.Codec<V> codec, Consumer<String> othersWrote, String clientId,
                       boolean inUse, Optional<String> transactionalId, CompactedTable.Scope scope) {
            this.transactionalId = transactionalId;
            this.scope = scope;
            this.topic = topic;
            this.codec = codec;
            this.othersWrote = othersWrote;
            this.clientId = clientId;
            this.inUse = inUse;
        }

        /** False in a process that runs none of the roles that read this table: it is never opened there. */
        public boolean inUse() {
            return inUse;
        }

        private synchronized void open() {
            if (inUse && table == null) {
                table = CompactedTable.open(clients, topic, codec, othersWrote, settings, clientId, transactionalId,
                        scope);
            }
        }

        private void close() {
            CompactedTable<V> current = table;
            if (current != null) {
                current.close();
            }
        }

        public boolean isReady() {
            CompactedTable<V> current = table;
            return current != null && current.isReady();
        }

        /** The table; only call once {@link #isReady()}. */
        public CompactedTable<V> table() {
            CompactedTable<V> current = table;
            if (current == null) {
                throw new IllegalStateException("the table over " + topic + (inUse ? " is not open yet"
                        : " is not read by the roles this process runs (mailcellar.roles)"));
            }
            return current;
        }
    }
}
