package io.mailcellar.sync.imap;

import io.mailcellar.app.LogText;
import io.mailcellar.archive.Sha256;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.Spool;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.KnownMessages;
import io.mailcellar.sync.imap.command.FlagNames;
import io.mailcellar.sync.imap.command.RemoteFolder;
import io.mailcellar.sync.imap.command.UidFetchBodies;
import io.mailcellar.sync.imap.command.UidFetchFlags;
import io.mailcellar.sync.imap.command.UidFetchSizes;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MailEvent;
import jakarta.mail.event.MessageChangedEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Brings one folder's cursor up to date, following the protocol's phases:
 * decide from STATUS whether anything changed (if not, no SELECT and no
 * FETCH), EXAMINE the folder (with QRESYNC data where the server has it),
 * collect flag changes and expunges ({@link FolderChanges}), then fetch the
 * new messages by UID range. A renumbered folder (new UIDVALIDITY) is
 * re-matched by content ({@link Rematch}). This class does the talking; the
 * decisions are in those pure classes.
 */
final class FolderSync {

    private static final Logger LOG = Logger.getLogger(FolderSync.class);

    private final IMAPStore store;
    private final SyncRun run;
    private final SyncSettings settings;
    private final boolean condstore;
    private final boolean qresync;
    private final long maxMessageSize;

    FolderSync(IMAPStore store, SyncRun run, SyncSettings settings, long maxMessageSize) throws MessagingException {
        this.store = store;
        this.run = run;
        this.settings = settings;
        this.maxMessageSize = maxMessageSize;
        this.condstore = store.hasCapability("CONDSTORE");
        this.qresync = store.hasCapability("QRESYNC");
    }

    void sync(RemoteFolder remote, FolderCursor cursor) throws MessagingException {
        if (unchanged(condstore, remote, cursor) && cursor.pending().isEmpty()) {
            return;
        }
        IMAPFolder folder = (IMAPFolder) store.getFolder(remote.name());
        boolean resync = qresync && cursor.highestModSeq() > 0 && cursor.uidValidity() == remote.uidValidity();
        List<MailEvent> resyncEvents = resync
                ? folder.open(Folder.READ_ONLY, new ResyncData(cursor.uidValidity(), cursor.highestModSeq()))
                : openPlain(folder);
        try {
            long uidValidity = folder.getUIDValidity();
            long modSeq = condstore ? Math.max(folder.getHighestModSeq(), 0) : 0;
            long serverUidNext = folder.getUIDNext();
            if (cursor.uidValidity() == uidValidity) {
                FolderCursor updated = applyChanges(folder, remote, cursor, resyncEvents, modSeq);
                fetchNew(folder, remote.name(), updated, serverUidNext);
            } else {
                rematch(folder, remote, cursor, uidValidity, modSeq, serverUidNext);
            }
        } finally {
            if (folder.isOpen()) {
                folder.close(false);
            }
        }
    }

    private static List<MailEvent> openPlain(IMAPFolder folder) throws MessagingException {
        folder.open(Folder.READ_ONLY);
        return null;
    }

    /** With CONDSTORE, equal UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ mean nothing changed at all. */
    static boolean unchanged(boolean condstore, RemoteFolder remote, FolderCursor cursor) {
        return condstore && remote.highestModSeq() > 0
                && remote.uidValidity() == cursor.uidValidity()
                && remote.uidNext() == cursor.uidNext()
                && remote.messages() == cursor.messages().size()
                && remote.highestModSeq() == cursor.highestModSeq();
    }

    /** {@code resyncEvents} is the QRESYNC answer, or null when the folder was opened without it. */
    private FolderCursor applyChanges(IMAPFolder folder, RemoteFolder remote, FolderCursor cursor,
                                      List<MailEvent> resyncEvents, long modSeq) throws MessagingException {
        FolderChanges.Result changes;
        if (resyncEvents != null) {
            List<Long> vanished = new ArrayList<>();
            Map<Long, List<String>> changed = new TreeMap<>();
            for (MailEvent event : resyncEvents) {
                if (event instanceof MessageVanishedEvent gone) {
                    for (long uid : gone.getUIDs()) {
                        vanished.add(uid);
                    }
                } else if (event instanceof MessageChangedEvent flags) {
                    Message message = flags.getMessage();
                    changed.put(folder.getUID(message), FlagNames.of(message.getFlags()));
                }
            }
            changes = FolderChanges.fromResync(run.mailboxId(), remote.name(), cursor, vanished, changed);
        } else if (!cursor.messages().isEmpty()) {
            Map<Long, List<String>> current = UidFetchFlags.between(folder, 1, cursor.uidNext() - 1);
            changes = FolderChanges.fromScan(run.mailboxId(), remote.name(), cursor, current);
        } else {
            changes = new FolderChanges.Result(List.of(), cursor.messages());
        }
        FolderCursor updated = new FolderCursor(cursor.uidValidity(), cursor.uidNext(), modSeq,
                specialUse(remote, cursor), changes.known(), cursor.serverMailboxId(), cursor.pending());
        if (!changes.events().isEmpty()) {
            run.commit(changes.events(), run.cursor().with(remote.name(), updated));
        }
        // Else only the mod-sequence moved: the cursor is saved with what fetchNew finds, one write fewer.
        return updated;
    }

    /**
     * Tries the messages still pending again, then fetches the messages at or
     * above the cursor's UIDNEXT. Each message is handed to the run as soon as
     * it has arrived; at the end of each batch the run commits the cursor,
     * which waits for Kafka's acknowledgements. What did not arrive is kept
     * pending in the cursor ({@link PendingReads}), so UIDNEXT may move past it.
     */
    private void fetchNew(IMAPFolder folder, String name, FolderCursor cursor, long serverUidNext)
            throws MessagingException {
        boolean nothingNew = serverUidNext > 0 && cursor.uidNext() >= serverUidNext || folder.getMessageCount() == 0;
        if (nothingNew && cursor.pending().isEmpty()) {
            advance(name, cursor, serverUidNext);
            return;
        }
        PendingReads reads = new PendingReads(cursor.pending(), cursor.uidNext());
        NewMessages batch = new NewMessages(name, cursor, reads, largeMessages(folder));
        if (!cursor.pending().isEmpty()) {
            SortedMap<Long, Long> sizes = UidFetchSizes.of(folder, cursor.pending().keySet());
            for (long uid : reads.forgetAllBut(sizes.keySet())) {
                run.note("folder " + name + ": message UID " + uid
                        + " was removed from the server before it could be read");
            }
            // Again without INTERNALDATE: a date the server spoils must not keep the message out.
            batch.items = UidFetchBodies.Items.WITHOUT_DATE;
            fetch(folder, reads.withinLimit(sizes, maxMessageSize), UidFetchBodies.Items.WITHOUT_DATE, batch);
            batch.items = UidFetchBodies.Items.ALL;
        }
        if (!nothingNew) {
            SortedMap<Long, Long> listed = new java.util.TreeMap<>(UidFetchSizes.from(folder, cursor.uidNext()));
            // Messages a restore appended here are in the cursor already (by APPENDUID): not fetched again.
            listed.keySet().removeIf(cursor.messages()::containsKey);
            fetch(folder, reads.withinLimit(listed, maxMessageSize), UidFetchBodies.Items.ALL, batch);
        }
        reads.allFetched();
        advance(name, batch.cursor(), serverUidNext);
    }

    private void fetch(IMAPFolder folder, SortedMap<Long, Long> sizes, UidFetchBodies.Items items,
                       UidFetchBodies.BodyHandler handler) throws MessagingException {
        UidFetchBodies.fetch(folder, sizes, settings.batchBytes().asLongValue(), settings.batchMessages(), items,
                handler);
    }

    private LargeMessages largeMessages(IMAPFolder folder) {
        return new LargeMessages(folder, settings.batchBytes().asLongValue(), maxMessageSize);
    }

    /** Hands each fetched message to the run, and commits the folder's cursor at the end of each batch. */
    private final class NewMessages implements UidFetchBodies.BodyHandler {

        private final String name;
        private final FolderCursor start;
        private final KnownMessages.Editor known;
        private final PendingReads reads;
        private final LargeMessages large;
        private final Set<Long> retried;
        private final Set<Long> published = new HashSet<>();
        /** The items being fetched, for a large message fetched apart. */
        UidFetchBodies.Items items = UidFetchBodies.Items.ALL;

        NewMessages(String name, FolderCursor start, PendingReads reads, LargeMessages large) {
            this.name = name;
            this.start = start;
            this.reads = reads;
            this.large = large;
            this.known = start.messages().edit();
            this.retried = Set.copyOf(start.pending().keySet());
        }

        @Override
        public void onMessage(UidFetchBodies.FetchedMessage message) {
            boolean asked = message.uid() >= start.uidNext() || retried.contains(message.uid());
            if (asked && published.add(message.uid())) {
                String sha = sha256(message);
                run.send(newMessage(name, start.uidValidity(), message, sha));
                known.put(message.uid(), new KnownMessage(sha, message.flags()));
                reads.arrived(message.uid());
            }
            // Else an answer for a UID this run did not ask for, or a second one: nothing more to publish.
        }

        @Override
        public void onLargeMessage(long uid, long size) throws MessagingException {
            LargeMessages.Spooled message = large.spool(uid, items, this::onUnreadable);
            if (message == null) {
                return;
            }
            published.add(uid);
            run.send(spooledMessage(name, start.uidValidity(), message));
            known.put(uid, new KnownMessage(message.sha256(), message.flags()));
            reads.arrived(uid);
        }

        @Override
        public void onUnreadable(UidFetchBodies.Unreadable answer) {
            LOG.warnf("mailbox %s folder %s: message UID %d could not be read: %s", run.mailboxId(),
                    LogText.of(name), answer.uid(), answer.reason());
            reads.unreadable(answer.uid(), answer.reason());
        }

        @Override
        public void onBatchEnd(List<Long> requested, List<String> unparsed) {
            reads.batchEnded(requested, unparsed);
            run.commit(List.of(), run.cursor().with(name, cursor()));
        }

        /** The folder's cursor as far as the messages read or pending allow. */
        FolderCursor cursor() {
            return new FolderCursor(start.uidValidity(), reads.uidNext(), start.highestModSeq(), start.specialUse(),
                    known.build(), start.serverMailboxId(), reads.pending());
        }
    }

    /** Saves the folder's cursor, moved on to the server's UIDNEXT; nothing is saved when nothing changed. */
    private void advance(String name, FolderCursor cursor, long serverUidNext) {
        FolderCursor advanced = serverUidNext > cursor.uidNext()
                ? new FolderCursor(cursor.uidValidity(), serverUidNext, cursor.highestModSeq(), cursor.specialUse(),
                        cursor.messages(), cursor.serverMailboxId(), cursor.pending())
                : cursor;
        run.commit(List.of(), run.cursor().with(name, advanced));
    }

    /**
     * The folder was renumbered. Its messages are fetched again and matched by
     * content with the ones known under the old UIDVALIDITY; only unknown
     * content is published as new. The cursor is saved once, at the end, so an
     * interrupted re-match starts over.
     */
    private void rematch(IMAPFolder folder, RemoteFolder remote, FolderCursor old, long uidValidity, long modSeq,
                         long serverUidNext) throws MessagingException {
        LOG.infof("mailbox %s folder %s: UIDVALIDITY changed from %d to %d; matching its messages by content",
                run.mailboxId(), remote.name(), old.uidValidity(), uidValidity);
        Rematch rematch = new Rematch(run.mailboxId(), remote.name(), old, uidValidity);
        PendingReads reads = new PendingReads(Map.of(), 1);
        LargeMessages large = largeMessages(folder);
        if (folder.getMessageCount() > 0) {
            SortedMap<Long, Long> wanted = reads.withinLimit(UidFetchSizes.from(folder, 1), maxMessageSize);
            fetch(folder, wanted, UidFetchBodies.Items.ALL, new UidFetchBodies.BodyHandler() {
                @Override
                public void onLargeMessage(long uid, long size) throws MessagingException {
                    LargeMessages.Spooled message = large.spool(uid, UidFetchBodies.Items.ALL, this::onUnreadable);
                    if (message == null) {
                        return;
                    }
                    reads.arrived(uid);
                    if (rematch.isNew(uid, message.sha256(), message.flags())) {
                        run.send(spooledMessage(remote.name(), uidValidity, message));
                    } else {
                        Spool.delete(message.file());
                    }
                }

                @Override
                public void onMessage(UidFetchBodies.FetchedMessage message) {
                    String sha = sha256(message);
                    reads.arrived(message.uid());
                    if (rematch.isNew(message.uid(), sha, message.flags())) {
                        run.send(newMessage(remote.name(), uidValidity, message, sha));
                    }
                }

                @Override
                public void onUnreadable(UidFetchBodies.Unreadable answer) {
                    reads.unreadable(answer.uid(), answer.reason());
                }

                @Override
                public void onBatchEnd(List<Long> requested, List<String> unparsed) {
                    reads.batchEnded(requested, unparsed);
                    // No cursor before the end, but no more than a batch of large messages left waiting.
                    run.flush();
                }
            });
        }
        run.commit(rematch.events(), run.cursor().with(remote.name(),
                rematch.cursor(serverUidNext, modSeq, specialUse(remote, old)).withPending(reads.pending())));
    }

    /** The sorted digests of every message of a folder, for telling a renamed folder by its content. */
    static List<String> digests(IMAPStore store, String name, SyncSettings settings, long maxMessageSize)
            throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        folder.open(Folder.READ_ONLY);
        try {
            List<String> digests = new ArrayList<>();
            if (folder.getMessageCount() > 0) {
                // A message over the limit, or one the server spoils, has no digest: the folder then only
                // matches no other by content, which costs a re-upload under the new name, never a loss.
                SortedMap<Long, Long> wanted = new PendingReads(Map.of(), 1)
                        .withinLimit(UidFetchSizes.from(folder, 1), maxMessageSize);
                LargeMessages large = new LargeMessages(folder, settings.batchBytes().asLongValue(), maxMessageSize);
                UidFetchBodies.fetch(folder, wanted, settings.batchBytes().asLongValue(), settings.batchMessages(),
                        UidFetchBodies.Items.ALL, new UidFetchBodies.BodyHandler() {
                            @Override
                            public void onMessage(UidFetchBodies.FetchedMessage message) {
                                digests.add(sha256(message));
                            }

                            @Override
                            public void onLargeMessage(long uid, long size) throws MessagingException {
                                String digest = large.digest(uid);
                                if (digest != null) {
                                    digests.add(digest);
                                }
                            }
                        });
            }
            digests.sort(null);
            return digests;
        } finally {
            folder.close(false);
        }
    }

    static NewMessage newMessage(String folder, long uidValidity, UidFetchBodies.FetchedMessage message,
                                         String sha) {
        return new NewMessage(folder, uidValidity, message.uid(), sha, message.flags(), message.internalDate(),
                message.bytes(), message.offset(), message.length(), null, null);
    }

    static NewMessage spooledMessage(String folder, long uidValidity, LargeMessages.Spooled message) {
        return new NewMessage(folder, uidValidity, message.uid(), message.sha256(), message.flags(),
                message.internalDate(), null, 0, message.length(), message.file(), null);
    }

    private static String specialUse(RemoteFolder remote, FolderCursor cursor) {
        return remote.specialUse() != null ? remote.specialUse() : cursor.specialUse();
    }

    static String sha256(UidFetchBodies.FetchedMessage message) {
        return Sha256.of(message.bytes(), message.offset(), message.length());
    }
}
