package io.mailcellar.sync;

import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The pollers' cursors, kept in the compacted {@code sync-state} topic and
 * replayed at start. A cursor is saved only after the events it covers were
 * acknowledged, so a crash in between re-publishes (same event ids) rather
 * than skips.
 */
@Startup
@ApplicationScoped
public class CursorStore {

    private final CompactedTables.Handle<SyncCursor> cursors;

    CursorStore(CompactedTables tables, Topics topics) {
        this.cursors = tables.register(topics.syncState(), SyncCursor.class, "mailcellar-cursors");
    }

    public boolean isReady() {
        return cursors.isReady();
    }

    /** The mailbox's cursor; empty for a mailbox never polled. Only meaningful once {@link #isReady()}. */
    public SyncCursor get(String mailboxId) {
        return cursors.table().get(mailboxId).orElseGet(() -> SyncCursor.empty(mailboxId));
    }

    public void save(SyncCursor cursor) {
        cursors.table().put(cursor.mailboxId(), cursor);
    }
}
