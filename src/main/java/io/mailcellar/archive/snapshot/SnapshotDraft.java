package io.mailcellar.archive.snapshot;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A snapshot of a {@link MailboxTree} before it is stored: the pages that
 * changed since the last snapshot (each new page once, under the SHA-256 of
 * its JSON) and the snapshot that names them. Its writer stores the pages,
 * then the snapshot, and then calls {@link #committed}, which marks the tree
 * as stored: the next draft writes only what changes after.
 */
public final class SnapshotDraft {

    /** A page to store, its key relative to {@code mailboxes/{id}/}. */
    public record NewPage(String key, byte[] json, String sha256) {
    }

    private final MailboxTree tree;
    private final Snapshot snapshot;
    private final List<NewPage> newPages;
    private final Map<FolderTree.Page, String> keys;

    private SnapshotDraft(MailboxTree tree, Snapshot snapshot, List<NewPage> newPages,
                          Map<FolderTree.Page, String> keys) {
        this.tree = tree;
        this.snapshot = snapshot;
        this.newPages = List.copyOf(newPages);
        this.keys = keys;
    }

    /**
     * Drafts the snapshot of the tree as it is now.
     *
     * @param time     the snapshot's time, later than the previous snapshot's
     * @param previous the id of the snapshot the tree was last stored in, or null
     */
    public static SnapshotDraft of(MailboxTree tree, String mailboxId, Instant time, String previous, boolean partial,
                                   Snapshot.Run run, Snapshot.Covers covers) {
        Map<String, NewPage> newPages = new LinkedHashMap<>();
        Map<FolderTree.Page, String> keys = new HashMap<>();
        Map<String, Long> distinct = new HashMap<>();
        List<Snapshot.Folder> folders = new ArrayList<>();
        long messages = 0;
        long bytes = 0;
        for (Map.Entry<String, FolderTree> entry : tree.folders().entrySet()) {
            FolderTree folder = entry.getValue();
            List<Snapshot.PageRef> refs = new ArrayList<>();
            long folderMessages = 0;
            long folderBytes = 0;
            for (FolderTree.Page page : folder.pages()) {
                String key = page.storedKey;
                if (key == null) {
                    byte[] json = SnapshotCodec.encode(new TreePage(TreePage.FORMAT,
                            List.copyOf(page.messages.values())));
                    String sha256 = sha256(json);
                    key = "trees/" + sha256.substring(0, 2) + "/" + sha256 + ".json";
                    newPages.putIfAbsent(key, new NewPage(key, json, sha256));
                    keys.put(page, key);
                }
                refs.add(new Snapshot.PageRef(key, page.messages.size()));
                for (TreeMessage message : page.messages.values()) {
                    folderMessages++;
                    folderBytes += message.size();
                    distinct.put(message.sha256(), message.size());
                }
            }
            folders.add(new Snapshot.Folder(entry.getKey(), folder.serverName(), folder.delimiter(),
                    folder.specialUse(), folder.uidValidity(),
                    folder.highestModSeq() > 0 ? folder.highestModSeq() : null, folderMessages, folderBytes, refs));
            messages += folderMessages;
            bytes += folderBytes;
        }
        long storedBytes = distinct.values().stream().mapToLong(Long::longValue).sum();
        Snapshot snapshot = new Snapshot(Snapshot.FORMAT, SnapshotIds.of(time), mailboxId, time, partial, previous,
                run, covers, new Snapshot.Counts(folders.size(), messages, bytes, distinct.size(), storedBytes),
                folders);
        return new SnapshotDraft(tree, snapshot, new ArrayList<>(newPages.values()), keys);
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    /** The pages no earlier snapshot of this tree stored, each once. */
    public List<NewPage> newPages() {
        return newPages;
    }

    /** The pages and the snapshot are stored: the tree starts over from here. */
    public void committed() {
        keys.forEach((page, key) -> page.storedKey = key);
        tree.committed();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
