package io.mailcellar.sync;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The cursors of one mailbox, by folder name, as kept in the compacted {@code sync-state} topic. */
public record SyncCursor(String mailboxId, Map<String, FolderCursor> folders) {

    public SyncCursor {
        folders = Map.copyOf(folders);
    }

    public static SyncCursor empty(String mailboxId) {
        return new SyncCursor(mailboxId, Map.of());
    }

    public Optional<FolderCursor> folder(String name) {
        return Optional.ofNullable(folders.get(name));
    }

    public SyncCursor with(String folder, FolderCursor cursor) {
        Map<String, FolderCursor> next = new HashMap<>(folders);
        next.put(folder, cursor);
        return new SyncCursor(mailboxId, next);
    }

    public SyncCursor without(String folder) {
        Map<String, FolderCursor> next = new HashMap<>(folders);
        next.remove(folder);
        return new SyncCursor(mailboxId, next);
    }
}
