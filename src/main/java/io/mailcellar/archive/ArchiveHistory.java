package io.mailcellar.archive;

/** Whether anything was ever archived: known outside the bucket, so a lost bucket cannot hide it. */
@FunctionalInterface
public interface ArchiveHistory {

    /**
     * True once the archivers have taken events from Kafka (and so written to the bucket).
     *
     * @throws ArchiveUnavailableException the answer cannot be had now (Kafka is away)
     */
    boolean archivedBefore();
}
