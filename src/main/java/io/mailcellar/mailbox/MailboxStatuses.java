package io.mailcellar.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * A mailbox's backup status as callers see it: the pollers' report, joined
 * with what the archivers last reported and judged by {@link BackupJudgement}.
 * The REST API and the dashboard both show this one.
 */
@ApplicationScoped
public class MailboxStatuses {

    private final StatusBoard statuses;
    private final ArchiveReports archive;
    private final Clock clock;
    private final BackupJudgement.Limits limits;

    MailboxStatuses(StatusBoard statuses, ArchiveReports archive, Clock clock,
                    @ConfigProperty(name = "mailcellar.archive.lag-warning", defaultValue = "15m") Duration lagWarning,
                    @ConfigProperty(name = "mailcellar.kafka.mail-events-retention", defaultValue = "30d")
                    Duration eventRetention) {
        this.statuses = statuses;
        this.archive = archive;
        this.clock = clock;
        this.limits = new BackupJudgement.Limits(lagWarning, eventRetention);
    }

    public MailboxStatus of(Mailbox mailbox) {
        MailboxStatus status = statuses.find(mailbox.id()).orElseGet(() -> MailboxStatus.neverPolled(mailbox.id()));
        if (archive.ready()) {
            Optional<ArchiveReports.ArchiveReport> report = archive.report(mailbox.id());
            status = BackupJudgement.judge(status.withLastSnapshot(report.map(ArchiveReports.ArchiveReport::status)
                    .orElse(null)), report.orElse(null), clock.instant(), limits);
        }
        return mailbox.enabled() ? status : status.disabled();
    }
}
