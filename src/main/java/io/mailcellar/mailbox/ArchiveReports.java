package io.mailcellar.mailbox;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Optional;

/**
 * The API's view of {@code archive-state}, which the archivers write after
 * every sync run they finish with (docs/operations.md): each mailbox's
 * newest snapshot, for its status. Read here with the registry's own
 * record of the format, so that registration needs nothing of the archive.
 */
@Startup
@ApplicationScoped
public class ArchiveReports {

    /** A record of {@code archive-state} (format 1), as the archivers write it. */
    public record ArchiveReport(int format, String mailboxId, Snapshot lastSnapshot, Instant lastRunStarted,
                                Instant confirmedAt, Problem problem, DeadLetters deadLetters, Gap gap) {

        public record Snapshot(String id, Instant time, boolean partial, int folders, long messages, long bytes) {
        }

        /** Why the store refuses the mailbox's writes; reported again every minute while it lasts. */
        public record Problem(String reason, Instant since, Instant reportedAt) {
        }

        /** The mailbox's events in the dead-letter topic since they were last replayed. */
        public record DeadLetters(int count, String lastReason, Instant lastAt) {
        }

        /** Why its snapshots may miss messages; a check made after {@code at} repairs them. */
        public record Gap(String reason, Instant at) {
        }

        MailboxStatus.LastSnapshot status() {
            return lastSnapshot == null ? null : new MailboxStatus.LastSnapshot(lastSnapshot.id(),
                    lastSnapshot.time(), lastSnapshot.partial(), lastSnapshot.folders(), lastSnapshot.messages(),
                    lastSnapshot.bytes(), confirmedAt);
        }
    }

    private final CompactedTables.Handle<ArchiveReport> reports;

    ArchiveReports(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.reports = tables.register(topics.archiveState(), ArchiveReport.class, "mailcellar-archive-state",
                roles.runs(Role.API));
    }

    /** Whether the reports are loaded: until then, nothing can be said of what is archived. */
    public boolean ready() {
        return reports.isReady();
    }

    /** What the archivers last reported of the mailbox, or empty. */
    public Optional<ArchiveReport> report(String mailboxId) {
        return reports.isReady() ? reports.table().get(mailboxId) : Optional.empty();
    }

    /** The mailbox's newest snapshot, or empty when none is reported (or the reports are still loading). */
    public Optional<MailboxStatus.LastSnapshot> lastSnapshot(String mailboxId) {
        if (!reports.isReady()) {
            return Optional.empty();
        }
        return reports.table().get(mailboxId).map(ArchiveReport::status);
    }
}
