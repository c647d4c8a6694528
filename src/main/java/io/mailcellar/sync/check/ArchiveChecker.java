package io.mailcellar.sync.check;

import io.mailcellar.sync.cursor.SyncCursor;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.Set;

/**
 * The first half of a check ({@code restic check} for mail), before the
 * run reads anything from the server: what the bucket holds of the
 * mailbox, compared with what its cursor and its newest snapshot name. The
 * run's protocol task then reads the missing and damaged messages again
 * ({@link CheckPlan}).
 */
@ApplicationScoped
public class ArchiveChecker {

    private static final Logger LOG = Logger.getLogger(ArchiveChecker.class);

    private final ArchiveInventory inventory;

    ArchiveChecker(ArchiveInventory inventory) {
        this.inventory = inventory;
    }

    /**
     * @throws io.mailcellar.archive.ArchiveUnavailableException the bucket could not be read: no check this run
     * @throws IllegalArgumentException                          the newest snapshot cannot be read
     */
    public CheckPlan plan(SyncCursor cursor, CheckRequest request) {
        String mailboxId = cursor.mailboxId();
        Set<String> present = inventory.present(mailboxId);
        Set<String> corrupted = request.readData() ? inventory.corrupted(mailboxId, present) : Set.of();
        CheckPlan plan = CheckPlan.of(cursor, inventory.inNewestSnapshot(mailboxId), present, corrupted);
        LOG.infof("mailbox %s: check%s: %d messages named, %d missing from the bucket, %d damaged, %d of them "
                + "only in the snapshot", mailboxId, request.readData() ? " with every object read" : "",
                plan.checked(), plan.missing(), plan.damaged(), plan.unrepairable());
        return plan;
    }
}
