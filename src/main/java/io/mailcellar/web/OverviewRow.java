package io.mailcellar.web;

import io.mailcellar.app.DurationWords;
import io.mailcellar.mailbox.BackupAge;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One mailbox on the overview: who it is, how its backup stands in words,
 * its last snapshot, when it runs next, and whether it is overdue (not backed
 * up for longer than twice its interval).
 */
@io.quarkus.qute.TemplateData
public record OverviewRow(String id, String name, String account, MailboxState state, StateLook look, String reason,
                   String progress, Instant lastBackup, String lastBackupWords, long messages, long bytes,
                   String nextRun, String lastError, boolean overdue) {

    public String messagesWords() {
        return lastBackup == null ? "–" : Sizes.count(messages);
    }

    public String bytesWords() {
        return lastBackup == null ? "–" : Sizes.bytes(bytes);
    }

    /** Lower-case text the filter box searches: name, account and id. */
    public String searchable() {
        return (name + " " + account + " " + id).toLowerCase(Locale.ROOT);
    }

    static OverviewRow of(Mailbox mailbox, MailboxStatus status, Instant now) {
        MailboxStatus.LastSnapshot snapshot = status.lastSnapshot();
        Instant lastBackup = BackupAge.lastBackup(status);
        String lastBackupWords = lastBackup == null ? "never" : DurationWords.of(Duration.between(lastBackup, now))
                + " ago";
        boolean overdue = BackupAge.overdue(mailbox, status, now);
        MailboxStatus.LastRun run = status.lastRun();
        String lastError = run != null && run.error() != null ? run.error() : "";
        String account = mailbox.protocol().name().toLowerCase(Locale.ROOT) + " " + mailbox.username() + "@"
                + mailbox.host();
        return new OverviewRow(mailbox.id(), mailbox.name(), account, status.state(), StateLook.of(status.state()),
                status.reason() == null ? "" : status.reason(), progress(status), lastBackup, lastBackupWords,
                snapshot == null ? 0 : snapshot.messages(), snapshot == null ? 0 : snapshot.bytes(),
                nextRun(mailbox, status, now), lastError, overdue);
    }

    private static String progress(MailboxStatus status) {
        if (status.state() != MailboxState.RUNNING || status.folders().isEmpty()) {
            return "";
        }
        long known = status.folders().stream().mapToLong(MailboxStatus.FolderProgress::messages).sum();
        int folders = status.folders().size();
        return Sizes.count(known) + " messages in " + folders + (folders == 1 ? " folder" : " folders") + " so far";
    }

    private static String nextRun(Mailbox mailbox, MailboxStatus status, Instant now) {
        if (!mailbox.enabled()) {
            return "not scheduled";
        }
        if (status.state() == MailboxState.RUNNING) {
            return "running now";
        }
        Instant next = status.retryAt();
        if (next == null && status.lastRun() != null && status.lastRun().started() != null) {
            next = status.lastRun().started().plus(mailbox.interval());
        }
        if (next == null || !next.isAfter(now)) {
            return "due now";
        }
        return "in " + DurationWords.of(Duration.between(now, next));
    }
}
