package io.mailcellar.sync;

import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.FolderDeleted;
import io.mailcellar.event.FolderRenamed;
import io.mailcellar.mailbox.Mailbox;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.FolderClosedException;
import jakarta.mail.MessagingException;
import jakarta.mail.StoreClosedException;
import org.eclipse.angus.mail.imap.IMAPStore;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Backs up every folder of an IMAP mailbox that its patterns select: lists
 * the folders with their STATUS, tells created, deleted and renamed folders
 * apart, then brings each folder up to date ({@link FolderSync}).
 */
@ApplicationScoped
public class ImapMailboxSync {

    private static final Logger LOG = Logger.getLogger(ImapMailboxSync.class);

    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    private final SyncSettings settings;

    ImapMailboxSync(EventPublisher publisher, CursorStore cursors, MessageContents contents, SyncSettings settings) {
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.settings = settings;
    }

    /** Publishes what changed; {@code progress} counts the messages added, also when the run fails half-way. */
    void sync(Mailbox mailbox, IMAPStore store, RunProgress progress) throws MessagingException {
        SyncSession session = new SyncSession(publisher, cursors, mailbox.id(), progress);
        FolderLister lister = new FolderLister(store);
        List<RemoteFolder> onServer = lister.list();
        FolderFilter filter = new FolderFilter(mailbox.include(), mailbox.exclude());
        Map<String, RemoteFolder> selected = new LinkedHashMap<>();
        for (RemoteFolder folder : onServer) {
            if (filter.accepts(folder.name(), folder.delimiter())) {
                selected.put(folder.name(), folder);
            }
        }
        Set<String> serverNames = onServer.stream().map(RemoteFolder::name).collect(Collectors.toSet());
        reconcileFolders(session, store, lister, selected, serverNames);

        FolderSync folderSync = new FolderSync(store, session, contents, settings);
        for (RemoteFolder folder : selected.values()) {
            FolderCursor cursor = session.cursor().folder(folder.name()).orElseThrow();
            try {
                folderSync.sync(folder, cursor);
            } catch (FolderClosedException | StoreClosedException e) {
                throw e;
            } catch (MessagingException e) {
                if (!store.isConnected()) {
                    throw e;
                }
                // One broken folder must not stop the others; it is retried on the next run.
                LOG.warnf("mailbox %s folder %s: sync failed, other folders go on: %s", mailbox.id(), folder.name(),
                        e.getMessage());
                session.noteFolderFailure(folder.name(), e.getMessage());
            }
        }
        session.throwIfFolderFailed();
    }

    /**
     * Publishes the folder-level events: renamed (same MAILBOXID; else same
     * UIDVALIDITY and UIDNEXT; else the same content), deleted (gone from the
     * server) and created (new), and gives every selected folder a cursor.
     */
    private void reconcileFolders(SyncSession session, IMAPStore store, FolderLister lister,
                                  Map<String, RemoteFolder> selected, Set<String> serverNames)
            throws MessagingException {
        String mailboxId = session.mailboxId();
        List<RemoteFolder> appeared = new ArrayList<>(selected.values().stream()
                .filter(f -> session.cursor().folder(f.name()).isEmpty()).toList());
        List<String> vanished = new ArrayList<>(session.cursor().folders().keySet().stream()
                .filter(name -> !serverNames.contains(name)).sorted().toList());

        Map<String, String> appearedIds = new LinkedHashMap<>();
        for (RemoteFolder folder : appeared) {
            String id = lister.mailboxId(folder.name());
            if (id != null) {
                appearedIds.put(folder.name(), id);
            }
        }
        Map<String, List<String>> digestsOfAppeared = new java.util.HashMap<>();
        for (String oldName : List.copyOf(vanished)) {
            FolderCursor old = session.cursor().folder(oldName).orElseThrow();
            Optional<Rename> rename = findRename(store, oldName, old, appeared, appearedIds, digestsOfAppeared);
            if (rename.isPresent()) {
                RemoteFolder target = rename.get().folder();
                LOG.infof("mailbox %s: folder %s renamed to %s (by %s)", mailboxId, oldName, target.name(),
                        rename.get().detectedBy());
                session.commit(List.of(new FolderRenamed(mailboxId, oldName, target.name(), target.uidValidity(),
                                rename.get().detectedBy())),
                        session.cursor().without(oldName).with(target.name(), withMailboxId(old,
                                appearedIds.get(target.name()))));
                appeared.remove(target);
                vanished.remove(oldName);
            }
        }
        for (String oldName : vanished) {
            FolderCursor old = session.cursor().folder(oldName).orElseThrow();
            session.commit(List.of(new FolderDeleted(mailboxId, oldName, old.uidValidity())),
                    session.cursor().without(oldName));
        }
        for (RemoteFolder folder : appeared) {
            FolderCursor fresh = new FolderCursor(folder.uidValidity(), 1, 0, folder.specialUse(), Map.of());
            session.commit(List.of(new FolderCreated(mailboxId, folder.name(), folder.uidValidity(),
                            folder.specialUse(), String.valueOf(folder.delimiter()))),
                    session.cursor().with(folder.name(), withMailboxId(fresh, appearedIds.get(folder.name()))));
        }
    }

    private record Rename(RemoteFolder folder, String detectedBy) {
    }

    /** {@code digestsOfAppeared} caches each appeared folder's content, fetched at most once per run. */
    private Optional<Rename> findRename(IMAPStore store, String oldName, FolderCursor old, List<RemoteFolder> appeared,
                                        Map<String, String> appearedIds, Map<String, List<String>> digestsOfAppeared)
            throws MessagingException {
        if (old.mailboxId() != null) {
            for (RemoteFolder candidate : appeared) {
                if (old.mailboxId().equals(appearedIds.get(candidate.name()))) {
                    return Optional.of(new Rename(candidate, "mailboxid"));
                }
            }
        }
        List<RemoteFolder> sameStatus = appeared.stream()
                .filter(f -> f.uidValidity() == old.uidValidity() && f.uidNext() == old.uidNext())
                .toList();
        if (sameStatus.size() == 1) {
            return Optional.of(new Rename(sameStatus.get(0), "status"));
        }
        if (old.messages().isEmpty()) {
            return Optional.empty();
        }
        List<String> oldDigests = old.messages().values().stream().map(KnownMessage::sha256).sorted().toList();
        for (RemoteFolder candidate : appeared) {
            if (candidate.messages() != oldDigests.size()) {
                continue;
            }
            List<String> digests = digestsOfAppeared.get(candidate.name());
            if (digests == null) {
                digests = FolderSync.digests(store, candidate.name(), settings);
                digestsOfAppeared.put(candidate.name(), digests);
            }
            if (digests.equals(oldDigests)) {
                return Optional.of(new Rename(candidate, "content"));
            }
        }
        LOG.debugf("no rename found for folder %s", oldName);
        return Optional.empty();
    }

    private static FolderCursor withMailboxId(FolderCursor cursor, String mailboxId) {
        if (mailboxId == null) {
            return cursor;
        }
        return new FolderCursor(cursor.uidValidity(), cursor.uidNext(), cursor.highestModSeq(), cursor.specialUse(),
                cursor.messages(), mailboxId);
    }
}
