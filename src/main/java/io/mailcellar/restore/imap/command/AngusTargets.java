package io.mailcellar.restore.imap.command;

import io.mailcellar.mail.MailConnector;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.restore.imap.RestoreTarget;
import io.mailcellar.restore.imap.RestoreTargets;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;

/** Restore targets logged in through the connector, with the settings of every IMAP connection of mailcellar. */
@ApplicationScoped
public class AngusTargets implements RestoreTargets {

    private final MailConnector connector;

    AngusTargets(MailConnector connector) {
        this.connector = connector;
    }

    @Override
    public RestoreTarget open(Mailbox account) throws MessagingException {
        return new AngusTarget(connector.connect(account));
    }
}
