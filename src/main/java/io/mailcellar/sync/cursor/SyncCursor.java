package io.mailcellar.sync.cursor;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The cursors of one mailbox, as kept in the compacted {@code sync-state}
 * topic: for IMAP, one per folder by name; for POP3, the maildrop's messages
 * by identity (their UIDL, or a digest of their headers on a server without
 * UIDL, then {@code pop3WithoutUidl}).
 */
public record SyncCursor(String mailboxId, Map<String, FolderCursor> folders, Pop3Messages pop3,
                         boolean pop3WithoutUidl) {

    /** The one folder of a POP3 maildrop, as events and statuses name it. */
    public static final String POP3_FOLDER = "INBOX";

    public SyncCursor {
        folders = folders == null ? Map.of() : Map.copyOf(folders);
        pop3 = pop3 == null ? Pop3Messages.empty() : pop3;
    }

    public static SyncCursor empty(String mailboxId) {
        return new SyncCursor(mailboxId, Map.of(), Pop3Messages.empty(), false);
    }

    public Optional<FolderCursor> folder(String name) {
        return Optional.ofNullable(folders.get(name));
    }

    public SyncCursor with(String folder, FolderCursor cursor) {
        Map<String, FolderCursor> next = new HashMap<>(folders);
        next.put(folder, cursor);
        return new SyncCursor(mailboxId, next, pop3, pop3WithoutUidl);
    }

    public SyncCursor without(String folder) {
        Map<String, FolderCursor> next = new HashMap<>(folders);
        next.remove(folder);
        return new SyncCursor(mailboxId, next, pop3, pop3WithoutUidl);
    }

    public SyncCursor withPop3(Pop3Messages messages, boolean withoutUidl) {
        return new SyncCursor(mailboxId, folders, messages, withoutUidl);
    }
}
