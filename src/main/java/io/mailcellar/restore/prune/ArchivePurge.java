package io.mailcellar.restore.prune;

import io.mailcellar.api.UnavailableException;
import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.BucketMissingException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.mailbox.ArchivePurger;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Removes everything under {@code mailboxes/{id}/}: messages, tree pages,
 * snapshots, restore journals and {@code mailbox.json}. It lists again after
 * removing, a few times, so that a write that was under way when the
 * mailbox was unregistered is removed too.
 */
@ApplicationScoped
public class ArchivePurge implements ArchivePurger {

    private static final Logger LOG = Logger.getLogger(ArchivePurge.class);
    private static final int ROUNDS = 3;

    private final ObjectStore store;
    private final ArchiveLayout layout;

    ArchivePurge(ObjectStore store, ArchiveLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    @Override
    public Purged purge(String mailboxId) {
        if (mailboxId.isEmpty() || mailboxId.contains("/") || mailboxId.startsWith(".")) {
            // A name with a slash would reach into another mailbox's folder.
            throw new IllegalArgumentException("not a mailbox id: " + mailboxId);
        }
        String prefix = layout.mailboxKey(mailboxId, "");
        long objects = 0;
        long bytes = 0;
        try {
            for (int round = 0; round < ROUNDS; round++) {
                List<ObjectStore.ListedObject> listed = store.listObjects(prefix);
                if (listed.isEmpty()) {
                    break;
                }
                store.deleteAll(listed.stream().map(ObjectStore.ListedObject::key).toList());
                objects += listed.size();
                bytes += listed.stream().mapToLong(ObjectStore.ListedObject::size).sum();
            }
        } catch (BucketMissingException e) {
            // No bucket, no objects: nothing was archived yet, or the bucket went with everything in it.
            LOG.infof("mailbox %s: the bucket does not exist, so the mailbox has no archive to purge", mailboxId);
            return new Purged(objects, bytes);
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: its archive was purged in part (%d objects) before the bucket failed: %s",
                    mailboxId, objects, e.getMessage());
            throw new UnavailableException("the bucket failed after " + objects + " of the mailbox's objects were "
                    + "removed; ask again to remove the rest: " + e.getMessage());
        }
        LOG.infof("mailbox %s: its archive was purged (%d objects, %d bytes)", mailboxId, objects, bytes);
        return new Purged(objects, bytes);
    }
}
