package io.mailcellar.sync.imap;

import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.FolderDeleted;
import io.mailcellar.event.FolderRenamed;
import io.mailcellar.event.MailEvent;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.SyncCursor;
import io.mailcellar.sync.imap.command.RemoteFolder;
import jakarta.mail.MessagingException;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tells created, deleted and renamed folders apart, from the cursor and what
 * the server listed; pure but for the folder contents it may ask for. A
 * folder gone from the server is renamed to one that appeared when they have
 * the same MAILBOXID (RFC 8474); else when exactly one appeared folder has its
 * UIDVALIDITY and UIDNEXT; else when one has the same messages (by SHA-256).
 * Otherwise it was deleted, and the appeared ones were created.
 */
final class FolderReconciler {

    /** The sorted SHA-256 digests of every message of a folder on the server. */
    @FunctionalInterface
    interface Contents {
        List<String> digests(String folder) throws MessagingException;
    }

    /** Events to publish, and the cursor that covers them. */
    record Commit(List<MailEvent> events, SyncCursor next) {
    }

    private final String mailboxId;
    private final Contents contents;

    FolderReconciler(String mailboxId, Contents contents) {
        this.mailboxId = mailboxId;
        this.contents = contents;
    }

    /**
     * At most one commit: every folder-level event, in order renames,
     * deletions, creations, and the cursor after all of them, in which every
     * selected folder has a cursor. One commit writes the cursor's head once
     * however many folders changed (a first backup of 500 folders wrote it 500
     * times); a crash before it saves re-publishes the same events, as for
     * messages.
     *
     * @param selected        the folders the patterns select, in listing order
     * @param serverNames     every folder name the server listed, selected or not
     * @param serverMailboxIds the MAILBOXID of appeared folders, where the server has OBJECTID
     */
    List<Commit> reconcile(SyncCursor cursor, List<RemoteFolder> selected, Set<String> serverNames,
                           Map<String, String> serverMailboxIds) throws MessagingException {
        List<RemoteFolder> appeared = new ArrayList<>(selected.stream()
                .filter(f -> cursor.folder(f.name()).isEmpty()).toList());
        List<String> vanished = new ArrayList<>(cursor.folders().keySet().stream()
                .filter(name -> !serverNames.contains(name)).sorted().toList());
        List<Commit> commits = new ArrayList<>();
        SyncCursor current = cursor;
        Map<String, List<String>> digestsOfAppeared = new HashMap<>();
        for (String oldName : List.copyOf(vanished)) {
            FolderCursor old = current.folder(oldName).orElseThrow();
            Optional<Rename> rename = findRename(old, appeared, serverMailboxIds, digestsOfAppeared);
            if (rename.isPresent()) {
                RemoteFolder target = rename.get().folder();
                current = current.without(oldName).with(target.name(),
                        old.withServerMailboxId(serverMailboxIds.getOrDefault(target.name(), old.serverMailboxId())));
                commits.add(new Commit(List.of(new FolderRenamed(mailboxId, oldName, target.name(),
                        target.uidValidity(), rename.get().detectedBy())), current));
                appeared.remove(target);
                vanished.remove(oldName);
            }
        }
        for (String oldName : vanished) {
            FolderCursor old = current.folder(oldName).orElseThrow();
            current = current.without(oldName);
            commits.add(new Commit(List.of(new FolderDeleted(mailboxId, oldName, old.uidValidity())), current));
        }
        for (RemoteFolder folder : appeared) {
            FolderCursor fresh = new FolderCursor(folder.uidValidity(), 1, 0, folder.specialUse(), Map.of(),
                    serverMailboxIds.get(folder.name()));
            current = current.with(folder.name(), fresh);
            commits.add(new Commit(List.of(new FolderCreated(mailboxId, folder.name(), folder.uidValidity(),
                    folder.specialUse(), String.valueOf(folder.delimiter()))), current));
        }
        if (commits.isEmpty()) {
            return List.of();
        }
        List<MailEvent> events = commits.stream().flatMap(commit -> commit.events().stream()).toList();
        return List.of(new Commit(events, current));
    }

    /** How a rename was told: {@code mailboxid}, {@code status} or {@code content}. */
    private record Rename(RemoteFolder folder, String detectedBy) {
    }

    /** {@code digestsOfAppeared} caches each appeared folder's content, fetched at most once per run. */
    private Optional<Rename> findRename(FolderCursor old, List<RemoteFolder> appeared,
                                        Map<String, String> serverMailboxIds,
                                        Map<String, List<String>> digestsOfAppeared) throws MessagingException {
        if (old.serverMailboxId() != null) {
            for (RemoteFolder candidate : appeared) {
                if (old.serverMailboxId().equals(serverMailboxIds.get(candidate.name()))) {
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
                digests = contents.digests(candidate.name());
                digestsOfAppeared.put(candidate.name(), digests);
            }
            if (digests.equals(oldDigests)) {
                return Optional.of(new Rename(candidate, "content"));
            }
        }
        return Optional.empty();
    }
}
