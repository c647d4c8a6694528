package io.mailcellar.sync.imap;

import io.mailcellar.event.FolderRenamed;
import io.mailcellar.mail.MailConnector;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.sync.MailboxTask;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.mailbox.MailboxSettings;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.imap.command.ListFolders;
import io.mailcellar.sync.imap.command.RemoteFolder;
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
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The IMAP task: lists the folders with their STATUS, publishes created,
 * deleted and renamed folders ({@link FolderReconciler}), then brings each
 * selected folder up to date ({@link FolderSync}). One broken folder does not
 * stop the others.
 */
@ApplicationScoped
public class ImapMailboxSync implements MailboxTask {

    private static final Logger LOG = Logger.getLogger(ImapMailboxSync.class);

    private final MailConnector connector;
    private final SyncSettings settings;
    private final long maxMessageSize;

    ImapMailboxSync(MailConnector connector, SyncSettings settings, MailboxSettings mail) {
        this.connector = connector;
        this.settings = settings;
        this.maxMessageSize = mail.maxMessageSize().asLongValue();
    }

    @Override
    public Protocol protocol() {
        return Protocol.IMAP;
    }

    @Override
    public void run(Mailbox mailbox, SyncRun run) throws MessagingException {
        IMAPStore store = (IMAPStore) connector.connect(mailbox);
        try {
            sync(mailbox, store, run);
        } finally {
            logout(mailbox, store);
        }
    }

    private void sync(Mailbox mailbox, IMAPStore store, SyncRun run) throws MessagingException {
        CheckPlan repairs = run.repairs();
        if (repairs != null && !repairs.toRead().isEmpty()) {
            // Before anything else changes the cursor the check compared.
            new FolderRepair(store, run, settings, maxMessageSize).repair(repairs);
        }
        ListFolders lister = new ListFolders(store);
        List<RemoteFolder> onServer = lister.list();
        run.serverNames(onServer.stream().collect(Collectors.toMap(RemoteFolder::name, RemoteFolder::serverName,
                (first, second) -> first)));
        FolderFilter filter = new FolderFilter(mailbox.include(), mailbox.exclude());
        Map<String, RemoteFolder> selected = new LinkedHashMap<>();
        for (RemoteFolder folder : onServer) {
            if (filter.accepts(folder.name(), folder.delimiter())) {
                selected.put(folder.name(), folder);
            }
        }
        Set<String> serverNames = onServer.stream().map(RemoteFolder::name).collect(Collectors.toSet());
        Map<String, String> serverMailboxIds = new LinkedHashMap<>();
        for (RemoteFolder folder : selected.values()) {
            if (run.cursor().folder(folder.name()).isEmpty()) {
                String id = lister.serverMailboxId(folder.name());
                if (id != null) {
                    serverMailboxIds.put(folder.name(), id);
                }
            }
        }
        FolderReconciler reconciler = new FolderReconciler(run.mailboxId(),
                name -> FolderSync.digests(store, name, settings, maxMessageSize));
        for (FolderReconciler.Commit commit : reconciler.reconcile(run.cursor(),
                new ArrayList<>(selected.values()), serverNames, serverMailboxIds)) {
            for (var event : commit.events()) {
                if (event instanceof FolderRenamed renamed) {
                    LOG.infof("mailbox %s: folder %s renamed to %s (by %s)", run.mailboxId(), renamed.oldFolder(),
                            renamed.folder(), renamed.detectedBy());
                }
            }
            run.commit(commit.events(), commit.next());
        }

        FolderSync folderSync = new FolderSync(store, run, settings, maxMessageSize);
        for (RemoteFolder folder : selected.values()) {
            FolderCursor cursor = run.cursor().folder(folder.name()).orElseThrow();
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
                run.folderFailed(folder.name(), e.getMessage());
            }
        }
    }

    private static void logout(Mailbox mailbox, IMAPStore store) {
        try {
            store.close();
        } catch (MessagingException e) {
            // The run's work is already acknowledged; a failed LOGOUT changes nothing of it.
            LOG.debugf("mailbox %s: logout failed: %s", mailbox.id(), e.getMessage());
        }
    }
}
