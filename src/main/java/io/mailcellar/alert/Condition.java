package io.mailcellar.alert;

import io.mailcellar.mailbox.BackupAge;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxStatus;

import java.time.Instant;

/** Whether a mailbox's backup needs a person: it fails, it is overdue, or it is fine. */
enum Condition {
    FINE, OVERDUE, FAILING;

    static Condition of(Mailbox mailbox, MailboxStatus status, Instant now) {
        switch (status.state()) {
            case AUTH_FAILED, BACKING_OFF, ARCHIVE_FAILING -> {
                return FAILING;
            }
            default -> {
                return BackupAge.overdue(mailbox, status, now) ? OVERDUE : FINE;
            }
        }
    }
}
