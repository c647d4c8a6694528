package io.mailcellar.archive.snapshot;

import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.FolderDeleted;
import io.mailcellar.event.FolderRenamed;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.SyncCompleted;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.UidValidityChanged;

import java.time.Instant;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A mailbox's folders and messages as its change events describe them: the
 * state the next snapshot stores. Events are applied in the order the poller
 * published them; applying one twice changes nothing (a replay after a
 * restart). {@link #changed} says whether anything did since the last
 * snapshot. Not thread-safe.
 */
public final class MailboxTree {

    private final SortedMap<String, FolderTree> folders = new TreeMap<>();
    private boolean changed;

    /**
     * Applies one event.
     *
     * @param header the added message's header summary ({@link MessageHeader#NONE} for other events)
     * @param seen   when the poller saw the event's change: a POP3 message's first-seen time
     */
    public void apply(MailEvent event, MessageHeader header, Instant seen) {
        if (event instanceof MessageAdded added) {
            changed |= added(added, header, seen);
        } else if (event instanceof MessageFlagsChanged flags) {
            FolderTree folder = folders.get(flags.folder());
            TreeMessage message = folder == null ? null : folder.get(flags.uid());
            if (message != null) {
                changed |= folder.put(message.withFlags(flags.newFlags()));
            }
        } else if (event instanceof MessageExpunged expunged) {
            changed |= expunged(expunged);
        } else if (event instanceof FolderCreated created) {
            FolderTree folder = folders.get(created.folder());
            if (folder == null) {
                folders.put(created.folder(),
                        new FolderTree(created.uidValidity(), created.delimiter(), created.specialUse()));
                changed = true;
            } else {
                changed |= folder.describe(created.uidValidity(), created.delimiter(), created.specialUse());
            }
        } else if (event instanceof FolderDeleted deleted) {
            changed |= folders.remove(deleted.folder()) != null;
        } else if (event instanceof FolderRenamed renamed) {
            FolderTree folder = folders.remove(renamed.oldFolder());
            if (folder != null) {
                folders.put(renamed.folder(), folder);
                changed = true;
            }
        } else if (event instanceof SyncCompleted completed) {
            completed.folders().forEach((name, state) -> {
                FolderTree folder = folders.get(name);
                if (folder != null) {
                    changed |= folder.serverState(state.serverName(), state.highestModSeq());
                }
            });
        } else if (event instanceof UidValidityChanged renumbered) {
            FolderTree folder = folders.get(renumbered.folder());
            if (folder != null && folder.uidValidity() != renumbered.newUidValidity()) {
                folder.renumber(renumbered.newUidValidity(), renumbered.uidMap());
                changed = true;
            }
        }
    }

    private boolean added(MessageAdded added, MessageHeader header, Instant seen) {
        FolderTree folder = folders.computeIfAbsent(added.folder(),
                name -> new FolderTree(added.uidValidity(), null, null));
        if (added.uidl() == null) {
            return folder.put(TreeMessage.imap(added.uid(), added.sha256(), added.size(), added.internalDate(),
                    added.flags(), header));
        }
        Long known = folder.arrivalOf(added.uidl());
        TreeMessage before = known == null ? null : folder.get(known);
        // A UIDL the server gave again after mailcellar deleted its message names a new message: both are kept.
        if (before != null && !before.isDeletedFromServer()) {
            return folder.put(TreeMessage.pop3(known, added.uidl(), added.sha256(), added.size(),
                    before.firstSeen(), header));
        }
        return folder.put(TreeMessage.pop3(folder.nextArrival(), added.uidl(), added.sha256(), added.size(), seen,
                header));
    }

    private boolean expunged(MessageExpunged expunged) {
        FolderTree folder = folders.get(expunged.folder());
        if (folder == null) {
            return false;
        }
        if (expunged.uidl() == null) {
            return folder.remove(expunged.uid());
        }
        Long arrival = folder.arrivalOf(expunged.uidl());
        if (arrival == null) {
            return false;
        }
        if (expunged.byMailcellar()) {
            return folder.put(folder.get(arrival).asDeletedFromServer());
        }
        return folder.remove(arrival);
    }

    /** Whether anything changed since the last snapshot (or since the tree was loaded). */
    public boolean changed() {
        return changed;
    }

    /** The folders by name. */
    public Map<String, FolderTree> folders() {
        return java.util.Collections.unmodifiableSortedMap(folders);
    }

    /** A snapshot took the tree as it is. */
    void committed() {
        changed = false;
    }

    /**
     * The tree a stored snapshot describes, its pages read through {@code pages} (by key relative to the
     * mailbox); unchanged, it drafts no page.
     */
    public static MailboxTree of(Snapshot snapshot, Function<String, TreePage> pages) {
        MailboxTree tree = new MailboxTree();
        for (Snapshot.Folder stored : snapshot.folders()) {
            FolderTree folder = new FolderTree(stored.uidValidity(), stored.delimiter(), stored.specialUse());
            folder.serverState(stored.serverName(),
                    stored.highestModSeq() == null ? 0 : stored.highestModSeq());
            for (Snapshot.PageRef ref : stored.pages()) {
                folder.load(pages.apply(ref.key()).messages(), ref.key());
            }
            tree.folders.put(stored.name(), folder);
        }
        return tree;
    }
}
