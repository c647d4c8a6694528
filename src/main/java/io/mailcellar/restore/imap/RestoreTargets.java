package io.mailcellar.restore.imap;

import io.mailcellar.mailbox.Mailbox;
import jakarta.mail.MessagingException;

/** Opens the IMAP account a restore writes to. */
public interface RestoreTargets {

    /** Logs in to the account ({@code account}'s host, port, security, user and sealed secret). */
    RestoreTarget open(Mailbox account) throws MessagingException;
}
