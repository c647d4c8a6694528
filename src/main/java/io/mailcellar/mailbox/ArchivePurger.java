package io.mailcellar.mailbox;

/**
 * Removes a mailbox's whole archive from the bucket, for
 * {@code DELETE /api/v1/mailboxes/{id}?purgeArchive=true}. An interface here,
 * implemented where the archive is known, so that registration needs nothing
 * of the archive.
 */
public interface ArchivePurger {

    /** What a purge removed. */
    record Purged(long objectsRemoved, long bytesRemoved) {
    }

    /**
     * Removes every object under the mailbox's folder in the bucket.
     *
     * @throws io.mailcellar.api.UnavailableException the bucket did not answer; what was removed stays removed,
     *                                                 and asking again removes the rest
     */
    Purged purge(String mailboxId);
}
