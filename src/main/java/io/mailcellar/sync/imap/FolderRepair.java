package io.mailcellar.sync.imap;

import io.mailcellar.app.LogText;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.SyncSettings;
import io.mailcellar.sync.check.CheckPlan;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.imap.command.UidFetchBodies;
import io.mailcellar.sync.imap.command.UidFetchSizes;
import jakarta.mail.Folder;
import jakarta.mail.MessagingException;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.eclipse.angus.mail.imap.IMAPStore;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * The IMAP half of a check's repairs: reads again, by UID, the messages the
 * check found missing from the bucket or damaged there, and hands each to
 * the run, which archives it again (a missing one, through the archivers, so
 * that the tree holds it too) or writes it over its damaged object. A message
 * the server no longer has, or has with other bytes, cannot be repaired, and
 * the run says so.
 */
final class FolderRepair {

    private final IMAPStore store;
    private final SyncRun run;
    private final SyncSettings settings;
    private final long maxMessageSize;

    FolderRepair(IMAPStore store, SyncRun run, SyncSettings settings, long maxMessageSize) {
        this.store = store;
        this.run = run;
        this.settings = settings;
        this.maxMessageSize = maxMessageSize;
    }

    void repair(CheckPlan plan) throws MessagingException {
        for (Map.Entry<String, Map<Long, CheckPlan.Repair>> entry : plan.toRead().entrySet()) {
            repair(entry.getKey(), entry.getValue());
        }
        // Sends what was handed over and waits for Kafka's acknowledgements; the cursor does not change.
        run.commit(List.of(), run.cursor());
    }

    private void repair(String name, Map<Long, CheckPlan.Repair> wanted) throws MessagingException {
        FolderCursor cursor = run.cursor().folder(name).orElse(null);
        IMAPFolder folder = (IMAPFolder) store.getFolder(name);
        if (cursor == null || !folder.exists()) {
            wanted.keySet().forEach(uid -> cannot(name, uid, "the folder is gone from the server"));
            return;
        }
        folder.open(Folder.READ_ONLY);
        try {
            long uidValidity = folder.getUIDValidity();
            if (uidValidity != cursor.uidValidity()) {
                wanted.keySet().forEach(uid -> cannot(name, uid, "the folder was renumbered since (UIDVALIDITY)"));
                return;
            }
            SortedMap<Long, Long> sizes = UidFetchSizes.of(folder, wanted.keySet());
            wanted.keySet().stream().filter(uid -> !sizes.containsKey(uid))
                    .forEach(uid -> cannot(name, uid, "the server no longer has it"));
            LargeMessages large = new LargeMessages(folder, settings.batchBytes().asLongValue(), maxMessageSize);
            UidFetchBodies.fetch(folder, sizes, settings.batchBytes().asLongValue(), settings.batchMessages(),
                    UidFetchBodies.Items.ALL, new UidFetchBodies.BodyHandler() {
                        @Override
                        public void onMessage(UidFetchBodies.FetchedMessage message) {
                            CheckPlan.Repair repair = wanted.get(message.uid());
                            if (repair != null) {
                                hand(name, repair, FolderSync.newMessage(name, uidValidity, message,
                                        FolderSync.sha256(message)));
                            }
                        }

                        @Override
                        public void onLargeMessage(long uid, long size) throws MessagingException {
                            CheckPlan.Repair repair = wanted.get(uid);
                            LargeMessages.Spooled message = repair == null ? null
                                    : large.spool(uid, UidFetchBodies.Items.ALL, this::onUnreadable);
                            if (message != null) {
                                hand(name, repair, FolderSync.spooledMessage(name, uidValidity, message));
                            }
                        }

                        @Override
                        public void onUnreadable(UidFetchBodies.Unreadable answer) {
                            cannot(name, answer.uid(), "the server did not send it (" + answer.reason() + ")");
                        }
                    });
        } finally {
            folder.close(false);
        }
    }

    private void hand(String folder, CheckPlan.Repair repair, NewMessage message) {
        run.repair(named(folder, message.uid()), repair, message);
    }

    private void cannot(String folder, long uid, String why) {
        run.unrepairable(named(folder, uid), why);
    }

    private static String named(String folder, long uid) {
        return "folder " + LogText.of(folder) + " UID " + uid;
    }
}
