package io.mailcellar.sync;

import io.mailcellar.archive.Sha256;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageExpunged;
import io.mailcellar.event.MessageFlagsChanged;
import io.mailcellar.event.UidValidityChanged;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.event.MessageChangedEvent;
import jakarta.mail.event.MessageCountEvent;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.eclipse.angus.mail.imap.MessageVanishedEvent;
import org.eclipse.angus.mail.imap.ResyncData;
import org.jboss.logging.Logger;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Brings one folder's cursor up to date, following the protocol's phases:
 * decide from STATUS whether anything changed (if not, no SELECT and no
 * FETCH), EXAMINE the folder (with QRESYNC data where the server has it),
 * collect flag changes and expunges (from QRESYNC, else by a UID+FLAGS scan
 * against the known messages), then fetch the new messages by UID range.
 * A renumbered folder (new UIDVALIDITY) is re-matched by content.
 */
final class FolderSync {

    private static final Logger LOG = Logger.getLogger(FolderSync.class);

    private final IMAPStore store;
    private final SyncSession session;
    private final MessageContents contents;
    private final SyncSettings settings;
    private final boolean condstore;
    private final boolean qresync;

    FolderSync(IMAPStore store, SyncSession session, MessageContents contents, SyncSettings settings)
            throws MessagingException {
        this.store = store;
        this.session = session;
        this.contents = contents;
        this.settings = settings;
        this.condstore = store.hasCapability("CONDSTORE");
        this.qresync = store.hasCapability("QRESYNC");
    }

    void sync(RemoteFolder remote, FolderCursor cursor) throws MessagingException {
        if (unchanged(remote, cursor)) {
            return;
        }
        IMAPFolder folder = (IMAPFolder) store.getFolder(remote.name());
        boolean resync = qresync && cursor.highestModSeq() > 0 && cursor.uidValidity() == remote.uidValidity();
        List<jakarta.mail.event.MailEvent> resyncEvents = resync
                ? folder.open(Folder.READ_ONLY, new ResyncData(cursor.uidValidity(), cursor.highestModSeq()))
                : openPlain(folder);
        try {
            long uidValidity = folder.getUIDValidity();
            long modSeq = condstore ? Math.max(folder.getHighestModSeq(), 0) : 0;
            long serverUidNext = folder.getUIDNext();
            if (cursor.uidValidity() == uidValidity) {
                FolderCursor updated = applyChanges(folder, remote, cursor, resync && resyncEvents != null,
                        resyncEvents, modSeq);
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

    private static List<jakarta.mail.event.MailEvent> openPlain(IMAPFolder folder) throws MessagingException {
        folder.open(Folder.READ_ONLY);
        return null;
    }

    /** With CONDSTORE, equal UIDVALIDITY, UIDNEXT, MESSAGES and HIGHESTMODSEQ mean nothing changed at all. */
    private boolean unchanged(RemoteFolder remote, FolderCursor cursor) {
        return condstore && remote.highestModSeq() > 0
                && remote.uidValidity() == cursor.uidValidity()
                && remote.uidNext() == cursor.uidNext()
                && remote.messages() == cursor.messages().size()
                && remote.highestModSeq() == cursor.highestModSeq();
    }

    private FolderCursor applyChanges(IMAPFolder folder, RemoteFolder remote, FolderCursor cursor, boolean resynced,
                                      List<jakarta.mail.event.MailEvent> resyncEvents, long modSeq)
            throws MessagingException {
        Map<Long, KnownMessage> known = new TreeMap<>(cursor.messages());
        List<MailEvent> events = new ArrayList<>();
        if (resynced) {
            for (jakarta.mail.event.MailEvent event : resyncEvents) {
                if (event instanceof MessageVanishedEvent vanished) {
                    for (long uid : vanished.getUIDs()) {
                        expunged(remote.name(), cursor.uidValidity(), uid, known, events);
                    }
                } else if (event instanceof MessageChangedEvent changed) {
                    Message message = changed.getMessage();
                    long uid = folder.getUID(message);
                    if (uid > 0 && uid < cursor.uidNext()) {
                        flagsNow(remote.name(), cursor.uidValidity(), uid, FlagNames.of(message.getFlags()), known, events);
                    }
                } else if (event instanceof MessageCountEvent) {
                    LOG.debugf("mailbox %s folder %s: count change during resync", session.mailboxId(), remote.name());
                }
            }
        } else if (!known.isEmpty()) {
            Map<Long, List<String>> current = new ImapFetcher(folder).flags(1, cursor.uidNext() - 1);
            for (Long uid : new ArrayList<>(known.keySet())) {
                List<String> flags = current.get(uid);
                if (flags == null) {
                    expunged(remote.name(), cursor.uidValidity(), uid, known, events);
                } else {
                    flagsNow(remote.name(), cursor.uidValidity(), uid, flags, known, events);
                }
            }
        }
        FolderCursor updated = new FolderCursor(cursor.uidValidity(), cursor.uidNext(), modSeq,
                specialUse(remote, cursor), known);
        if (!events.isEmpty()) {
            session.commit(events, session.cursor().with(remote.name(), updated));
        }
        // Else only the mod-sequence moved: the cursor is saved with what fetchNew finds, one write fewer.
        return updated;
    }

    private void expunged(String folder, long uidValidity, long uid, Map<Long, KnownMessage> known,
                          List<MailEvent> events) {
        KnownMessage gone = known.remove(uid);
        if (gone != null) {
            events.add(new MessageExpunged(session.mailboxId(), folder, uidValidity, uid, gone.sha256(), null));
        }
    }

    private void flagsNow(String folder, long uidValidity, long uid, List<String> flags, Map<Long, KnownMessage> known,
                          List<MailEvent> events) {
        KnownMessage before = known.get(uid);
        if (before != null && !before.flags().equals(flags)) {
            events.add(new MessageFlagsChanged(session.mailboxId(), folder, uidValidity, uid, before.sha256(),
                    before.flags(), flags));
            known.put(uid, new KnownMessage(before.sha256(), flags));
        }
    }

    /**
     * Fetches the messages at or above the cursor's UIDNEXT. Each message's
     * event is sent as soon as the message has arrived; at the end of each
     * batch the run waits for Kafka's acknowledgements and advances the cursor.
     */
    private void fetchNew(IMAPFolder folder, String name, FolderCursor cursor, long serverUidNext)
            throws MessagingException {
        if (serverUidNext > 0 && cursor.uidNext() >= serverUidNext || folder.getMessageCount() == 0) {
            advance(name, cursor, serverUidNext);
            return;
        }
        ImapFetcher fetcher = new ImapFetcher(folder);
        SortedMap<Long, Long> sizes = fetcher.sizesFrom(cursor.uidNext());
        Map<Long, KnownMessage> known = new TreeMap<>(cursor.messages());
        long[] next = {cursor.uidNext()};
        FolderCursor[] current = {cursor};
        fetcher.bodies(sizes, settings.batchBytes().asLongValue(), settings.batchMessages(),
                new ImapFetcher.BodyHandler() {
                    @Override
                    public void onMessage(ImapFetcher.FetchedMessage message) {
                        String sha = sha256(message);
                        session.send(contents.of(session.mailboxId(), name, message.uid(), message.bytes(),
                                        message.offset(), message.length(), sha)
                                .thenApply(content -> new MessageAdded(session.mailboxId(), name,
                                        cursor.uidValidity(), message.uid(), sha, message.length(), message.flags(),
                                        message.internalDate(), content, null)));
                        known.put(message.uid(), new KnownMessage(sha, message.flags()));
                        next[0] = Math.max(next[0], message.uid() + 1);
                    }

                    @Override
                    public void onBatchEnd() {
                        current[0] = new FolderCursor(cursor.uidValidity(), next[0], cursor.highestModSeq(),
                                cursor.specialUse(), known);
                        session.commit(List.of(), session.cursor().with(name, current[0]));
                    }
                });
        advance(name, current[0], serverUidNext);
    }

    /** Saves the folder's cursor, moved on to the server's UIDNEXT; nothing is saved when nothing changed. */
    private void advance(String name, FolderCursor cursor, long serverUidNext) {
        FolderCursor advanced = serverUidNext > cursor.uidNext()
                ? new FolderCursor(cursor.uidValidity(), serverUidNext, cursor.highestModSeq(), cursor.specialUse(),
                        cursor.messages())
                : cursor;
        session.commit(List.of(), session.cursor().with(name, advanced));
    }

    /**
     * The folder was renumbered. Its messages are fetched again and matched by
     * content with the ones known under the old UIDVALIDITY: matches need no
     * upload and become one {@code uidvalidity-changed} event mapping old to new
     * UIDs; only unknown content becomes {@code message.added}. The cursor is
     * saved once, at the end, so an interrupted re-match starts over.
     */
    private void rematch(IMAPFolder folder, RemoteFolder remote, FolderCursor old, long uidValidity, long modSeq,
                         long serverUidNext) throws MessagingException {
        LOG.infof("mailbox %s folder %s: UIDVALIDITY changed from %d to %d; matching its messages by content",
                session.mailboxId(), remote.name(), old.uidValidity(), uidValidity);
        Map<String, Deque<Long>> oldUidsBySha = new HashMap<>();
        old.messages().forEach((uid, message) ->
                oldUidsBySha.computeIfAbsent(message.sha256(), sha -> new ArrayDeque<>()).add(uid));
        Map<Long, Long> uidMap = new TreeMap<>();
        Map<Long, KnownMessage> known = new TreeMap<>();
        List<MailEvent> flagChanges = new ArrayList<>();
        long[] next = {1};
        if (folder.getMessageCount() > 0) {
            ImapFetcher fetcher = new ImapFetcher(folder);
            fetcher.bodies(fetcher.sizesFrom(1), settings.batchBytes().asLongValue(), settings.batchMessages(),
                    new ImapFetcher.BodyHandler() {
                        @Override
                        public void onMessage(ImapFetcher.FetchedMessage message) {
                            String sha = sha256(message);
                            Deque<Long> candidates = oldUidsBySha.get(sha);
                            Long oldUid = candidates == null ? null : candidates.poll();
                            if (oldUid != null) {
                                uidMap.put(oldUid, message.uid());
                                KnownMessage before = old.messages().get(oldUid);
                                if (!before.flags().equals(message.flags())) {
                                    flagChanges.add(new MessageFlagsChanged(session.mailboxId(), remote.name(),
                                            uidValidity, message.uid(), sha, before.flags(), message.flags()));
                                }
                            } else {
                                session.send(contents.of(session.mailboxId(), remote.name(), message.uid(),
                                                message.bytes(), message.offset(), message.length(), sha)
                                        .thenApply(content -> new MessageAdded(session.mailboxId(), remote.name(),
                                                uidValidity, message.uid(), sha, message.length(), message.flags(),
                                                message.internalDate(), content, null)));
                            }
                            known.put(message.uid(), new KnownMessage(sha, message.flags()));
                            next[0] = Math.max(next[0], message.uid() + 1);
                        }

                        @Override
                        public void onBatchEnd() {
                            // No cursor before the end, but no more than a batch of large messages left waiting.
                            session.sendPending();
                        }
                    });
        }
        List<MailEvent> events = new ArrayList<>();
        events.add(new UidValidityChanged(session.mailboxId(), remote.name(), old.uidValidity(), uidValidity, uidMap));
        events.addAll(flagChanges);
        FolderCursor rebuilt = new FolderCursor(uidValidity, Math.max(next[0], serverUidNext), modSeq,
                specialUse(remote, old), known);
        session.commit(events, session.cursor().with(remote.name(), rebuilt));
    }

    /** The digests of every message of a folder, for telling a renamed folder by its content. */
    static List<String> digests(IMAPStore store, String name, SyncSettings settings) throws MessagingException {
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        folder.open(Folder.READ_ONLY);
        try {
            List<String> digests = new ArrayList<>();
            if (folder.getMessageCount() > 0) {
                ImapFetcher fetcher = new ImapFetcher(folder);
                fetcher.bodies(fetcher.sizesFrom(1), settings.batchBytes().asLongValue(), settings.batchMessages(),
                        message -> digests.add(sha256(message)));
            }
            digests.sort(null);
            return digests;
        } finally {
            folder.close(false);
        }
    }

    private static String specialUse(RemoteFolder remote, FolderCursor cursor) {
        return remote.specialUse() != null ? remote.specialUse() : cursor.specialUse();
    }

    private static String sha256(ImapFetcher.FetchedMessage message) {
        return Sha256.of(message.bytes(), message.offset(), message.length());
    }
}
