package io.mailcellar.sync.check;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.SnapshotCatalog;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Set;

/**
 * What the bucket holds of a mailbox, for a check: its message objects by
 * listing (one request per thousand objects, not one per message), the
 * messages its newest snapshot names, and, when asked, which objects' bytes
 * do not hash to their name (every object read once).
 */
@ApplicationScoped
public class ArchiveInventory {

    private static final Logger LOG = Logger.getLogger(ArchiveInventory.class);

    private final ObjectStore store;
    private final ArchiveLayout layout;
    private final SnapshotCatalog snapshots;

    ArchiveInventory(ObjectStore store, ArchiveLayout layout, SnapshotCatalog snapshots) {
        this.store = store;
        this.layout = layout;
        this.snapshots = snapshots;
    }

    /** The SHA-256 of every message object in the bucket. */
    public Set<String> present(String mailboxId) {
        Set<String> present = new HashSet<>();
        for (String key : store.list(layout.messagesPrefix(mailboxId))) {
            String sha = layout.messageShaOf(mailboxId, key);
            if (sha != null) {
                present.add(sha);
            }
        }
        return present;
    }

    /** Of those, the ones whose bytes hash to something else: each read in full. */
    public Set<String> corrupted(String mailboxId, Set<String> present) {
        Set<String> corrupted = new HashSet<>();
        for (String sha : present) {
            String key = layout.messageKey(mailboxId, sha);
            String actual = store.sha256Of(key);
            if (!actual.equals(sha)) {
                LOG.warnf("mailbox %s: the object %s hashes to %s, not to its name", mailboxId, key, actual);
                corrupted.add(sha);
            }
        }
        return corrupted;
    }

    /** What the newest snapshot names. */
    public Set<String> inNewestSnapshot(String mailboxId) {
        return snapshots.newestMessages(mailboxId);
    }
}
