package io.mailcellar.archive.snapshot;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * One folder's messages as the archiver knows them, in pages of
 * {@link #PAGE_SPAN} consecutive UIDs (for POP3, of arrival numbers), the
 * unit a tree is stored in: a change rewrites only the pages it touched, and
 * an untouched page keeps the key it was stored under. Not thread-safe: one
 * mailbox's events are applied one after the other.
 */
public final class FolderTree {

    /** UIDs per page, as the cursor's segments: a new message rewrites at most 512 entries. */
    public static final long PAGE_SPAN = 512;

    private String delimiter;
    private String specialUse;
    private long uidValidity;
    private String serverName;
    private long highestModSeq;
    private final NavigableMap<Long, Page> pages = new TreeMap<>();
    /** POP3 only: each UIDL's arrival number. */
    private final Map<String, Long> byUidl = new HashMap<>();
    private long nextArrival = 1;

    /** A page: its messages by key, and the key it is stored under while unchanged since. */
    static final class Page {
        final NavigableMap<Long, TreeMessage> messages = new TreeMap<>();
        String storedKey;
    }

    FolderTree(long uidValidity, String delimiter, String specialUse) {
        this.uidValidity = uidValidity;
        this.delimiter = delimiter;
        this.specialUse = specialUse;
    }

    public String delimiter() {
        return delimiter;
    }

    public String specialUse() {
        return specialUse;
    }

    public long uidValidity() {
        return uidValidity;
    }

    /** Its name as the server spells it, or null when no run reported it. */
    public String serverName() {
        return serverName;
    }

    /** Its HIGHESTMODSEQ as of the newest run, 0 when unknown or without CONDSTORE. */
    public long highestModSeq() {
        return highestModSeq;
    }

    /** Sets what a run's summary says of it; answers whether anything changed. */
    boolean serverState(String newServerName, long newHighestModSeq) {
        String name = newServerName != null ? newServerName : serverName;
        boolean changed = !java.util.Objects.equals(serverName, name) || highestModSeq != newHighestModSeq;
        serverName = name;
        highestModSeq = newHighestModSeq;
        return changed;
    }

    /** Sets what folder.created says of it; answers whether anything changed. */
    boolean describe(long newUidValidity, String newDelimiter, String newSpecialUse) {
        boolean changed = uidValidity != newUidValidity || !java.util.Objects.equals(delimiter, newDelimiter)
                || !java.util.Objects.equals(specialUse, newSpecialUse);
        uidValidity = newUidValidity;
        delimiter = newDelimiter;
        specialUse = newSpecialUse;
        return changed;
    }

    /** Puts a message under its key; answers whether the tree changed. */
    boolean put(TreeMessage message) {
        Page page = pages.computeIfAbsent(message.key() / PAGE_SPAN, number -> new Page());
        TreeMessage before = page.messages.put(message.key(), message);
        if (message.equals(before)) {
            return false;
        }
        page.storedKey = null;
        if (message.uidl() != null) {
            byUidl.put(message.uidl(), message.key());
            nextArrival = Math.max(nextArrival, message.key() + 1);
        }
        return true;
    }

    TreeMessage get(long key) {
        Page page = pages.get(key / PAGE_SPAN);
        return page == null ? null : page.messages.get(key);
    }

    /** Removes the message under the key; answers whether there was one. */
    boolean remove(long key) {
        Page page = pages.get(key / PAGE_SPAN);
        if (page == null) {
            return false;
        }
        TreeMessage removed = page.messages.remove(key);
        if (removed == null) {
            return false;
        }
        page.storedKey = null;
        if (page.messages.isEmpty()) {
            pages.remove(key / PAGE_SPAN);
        }
        if (removed.uidl() != null) {
            byUidl.remove(removed.uidl());
        }
        return true;
    }

    /** POP3: the arrival number of a UIDL, or null. */
    Long arrivalOf(String uidl) {
        return byUidl.get(uidl);
    }

    /** POP3: the number the next new message gets. */
    long nextArrival() {
        return nextArrival;
    }

    /** Keeps only the messages the map names, under their new UIDs (a UIDVALIDITY change). */
    void renumber(long newUidValidity, Map<Long, Long> newUids) {
        List<TreeMessage> kept = new ArrayList<>();
        for (Page page : pages.values()) {
            for (TreeMessage message : page.messages.values()) {
                Long newUid = message.uid() == null ? null : newUids.get(message.uid());
                if (newUid != null) {
                    kept.add(message.withUid(newUid));
                }
            }
        }
        pages.clear();
        byUidl.clear();
        uidValidity = newUidValidity;
        kept.forEach(this::put);
    }

    /** The pages in key order. */
    Collection<Page> pages() {
        return pages.values();
    }

    /** Adds a page read from the bucket, stored under {@code key}. */
    void load(List<TreeMessage> messages, String key) {
        messages.forEach(this::put);
        if (!messages.isEmpty()) {
            pages.get(messages.get(0).key() / PAGE_SPAN).storedKey = key;
        }
    }

    public int messageCount() {
        int count = 0;
        for (Page page : pages.values()) {
            count += page.messages.size();
        }
        return count;
    }
}
