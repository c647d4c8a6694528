package io.mailcellar.web;

import io.mailcellar.app.DurationWords;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.restore.FolderSummary;
import io.mailcellar.restore.MessagePage;
import io.mailcellar.restore.MessageSummary;
import io.mailcellar.restore.SnapshotFolders;
import io.mailcellar.restore.SnapshotPage;
import io.mailcellar.restore.SnapshotSummary;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateExtension;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How the pages write times and durations, and the types they read, whose
 * value resolvers are generated at build time (no reflection per value).
 */
@TemplateData(target = Mailbox.class)
@TemplateData(target = MailboxStatus.class)
@TemplateData(target = MailboxStatus.LastRun.class)
@TemplateData(target = MailboxStatus.LastCheck.class)
@TemplateData(target = MailboxState.class)
@TemplateData(target = SnapshotPage.class)
@TemplateData(target = SnapshotSummary.class)
@TemplateData(target = SnapshotFolders.class)
@TemplateData(target = FolderSummary.class)
@TemplateData(target = MessagePage.class)
@TemplateData(target = MessageSummary.class)
@TemplateData(target = io.mailcellar.restore.RestoreView.class)
@TemplateData(target = io.mailcellar.restore.RestoreView.Target.class)
@TemplateData(target = io.mailcellar.restore.imap.ImapRestorer.FolderReport.class)
@TemplateData(target = io.mailcellar.restore.imap.ImapRestorer.Skipped.class)
@TemplateData(target = io.mailcellar.sync.probe.ConnectionTestResult.class)
@TemplateData(target = io.mailcellar.restore.SearchPage.class)
@TemplateData(target = io.mailcellar.restore.prune.PruneReport.class)
@TemplateData(target = io.mailcellar.signin.SignInView.class)
@TemplateData(target = io.mailcellar.restore.SearchPage.Found.class)
final class TemplateFormats {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    private TemplateFormats() {
    }

    /** {@code {mailbox.interval.words}}: "15 minutes". */
    @TemplateExtension
    static String words(Duration duration) {
        return DurationWords.of(duration);
    }

    /** {@code {s.time.when}}: "2026-12-05 12:00 UTC". */
    @TemplateExtension
    static String when(Instant instant) {
        return WHEN.format(instant);
    }
}
