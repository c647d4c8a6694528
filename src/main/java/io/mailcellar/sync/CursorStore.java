package io.mailcellar.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.KafkaClients;
import io.mailcellar.kafka.KafkaSettings;
import io.mailcellar.kafka.Topics;
import io.mailcellar.kafka.TopicsReady;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The pollers' cursors, kept in the compacted {@code sync-state} topic and
 * replayed at start. A cursor is saved only after the events it covers were
 * acknowledged, so a crash in between re-publishes (same event ids) rather
 * than skips.
 */
@ApplicationScoped
public class CursorStore {

    private final KafkaClients clients;
    private final Topics topics;
    private final KafkaSettings settings;
    private final ObjectMapper json;
    private volatile CompactedTable<SyncCursor> table;

    CursorStore(KafkaClients clients, Topics topics, KafkaSettings settings, ObjectMapper json) {
        this.clients = clients;
        this.topics = topics;
        this.settings = settings;
        this.json = json;
    }

    void start(@Observes TopicsReady ready) {
        table = CompactedTable.open(clients, topics.syncState(), SyncCursor.class, json, settings,
                "mailcellar-cursors");
    }

    void stop(@Observes ShutdownEvent event) {
        if (table != null) {
            table.close();
        }
    }

    public boolean isReady() {
        CompactedTable<SyncCursor> current = table;
        return current != null && current.isReady();
    }

    /** The mailbox's cursor; empty for a mailbox never polled. Only meaningful once {@link #isReady()}. */
    public SyncCursor get(String mailboxId) {
        return table.get(mailboxId).orElseGet(() -> SyncCursor.empty(mailboxId));
    }

    public void save(SyncCursor cursor) {
        table.put(cursor.mailboxId(), cursor);
    }
}
