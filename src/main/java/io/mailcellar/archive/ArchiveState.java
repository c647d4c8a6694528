package io.mailcellar.archive;

import java.time.Instant;

/**
 * What the archivers last did for one mailbox, in the compacted
 * {@code archive-state} topic (keyed by mailbox id), for the API's status:
 * its newest snapshot, and the last sync run they finished with. Versioned
 * by {@code format}; pinned by a golden file.
 *
 * @param lastRunStarted when the last run the archivers finished with started (a snapshot committed for it,
 *                       or the newest one found current): the poller's last run is backed up once this reaches it
 * @param confirmedAt    when the newest snapshot was last written or found current
 * @param problem        why the store refuses this mailbox's writes, while it does; null otherwise
 * @param deadLetters    the mailbox's events sent to the dead-letter topic since they were last replayed, or null
 *                       for none
 * @param gap            the newest reason to think its snapshots miss messages the cursor names, which a check
 *                       of the mailbox repairs; null for none
 *
 * <p>{@code problem}, {@code deadLetters} and {@code gap} were added within format 1: readers ignore fields they
 * do not know.
 */
public record ArchiveState(int format, String mailboxId, LastSnapshot lastSnapshot, Instant lastRunStarted,
                           Instant confirmedAt, Problem problem, DeadLetters deadLetters, Gap gap) {

    public static final int FORMAT = 1;

    /** The state before anything was archived for the mailbox. */
    static ArchiveState none(String mailboxId) {
        return new ArchiveState(FORMAT, mailboxId, null, null, null, null, null, null);
    }

    ArchiveState withProblem(Problem newProblem) {
        return new ArchiveState(format, mailboxId, lastSnapshot, lastRunStarted, confirmedAt, newProblem,
                deadLetters, gap);
    }

    ArchiveState withDeadLetters(DeadLetters newDeadLetters) {
        return new ArchiveState(format, mailboxId, lastSnapshot, lastRunStarted, confirmedAt, problem,
                newDeadLetters, gap);
    }

    ArchiveState withGap(Gap newGap) {
        return new ArchiveState(format, mailboxId, lastSnapshot, lastRunStarted, confirmedAt, problem, deadLetters,
                newGap);
    }

    /**
     * The store refuses the mailbox's writes and waiting will not fix it (a revoked key, a missing bucket).
     *
     * @param since      when it began
     * @param reportedAt when an archiver last met it: it repeats the report every minute while it lasts
     */
    public record Problem(String reason, Instant since, Instant reportedAt) {
    }

    /**
     * Events of the mailbox that can never be archived as they are, kept in the dead-letter topic until replayed
     * ({@code POST /api/v1/admin/dead-letters/replay}).
     *
     * @param count      how many since the last replay
     * @param lastReason why the last one was rejected
     * @param lastAt     when
     */
    public record DeadLetters(int count, String lastReason, Instant lastAt) {

        DeadLetters plusOne(String reason, Instant at) {
            return new DeadLetters(count + 1, reason, at);
        }
    }

    /**
     * Why the archivers think the mailbox's snapshots miss messages: its change events deleted by Kafka's
     * retention before they were archived, or a message an event named missing from the bucket. A check of the
     * mailbox made after {@code at} finds and fetches them again.
     */
    public record Gap(String reason, Instant at) {
    }

    /** The newest snapshot, as the status shows it. */
    public record LastSnapshot(String id, Instant time, boolean partial, int folders, long messages, long bytes) {
    }
}
