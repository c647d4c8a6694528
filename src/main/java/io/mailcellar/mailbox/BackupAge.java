package io.mailcellar.mailbox;

import java.time.Duration;
import java.time.Instant;

/**
 * When a mailbox was last backed up (its newest snapshot, or when one was
 * last confirmed current), and whether that is overdue: longer ago than
 * twice its interval (since its registration, before a first snapshot). A
 * disabled mailbox is never overdue.
 */
public final class BackupAge {

    private BackupAge() {
    }

    /** The last backup, or null before the first snapshot. */
    public static Instant lastBackup(MailboxStatus status) {
        MailboxStatus.LastSnapshot snapshot = status.lastSnapshot();
        if (snapshot == null) {
            return null;
        }
        Instant time = snapshot.time();
        Instant confirmed = snapshot.confirmedAt();
        if (time == null) {
            return confirmed;
        }
        return confirmed == null || time.isAfter(confirmed) ? time : confirmed;
    }

    public static boolean overdue(Mailbox mailbox, MailboxStatus status, Instant now) {
        Instant last = lastBackup(status);
        Instant since = last != null ? last : mailbox.createdAt();
        return mailbox.enabled() && since != null
                && Duration.between(since, now).compareTo(mailbox.interval().multipliedBy(2)) > 0;
    }
}
