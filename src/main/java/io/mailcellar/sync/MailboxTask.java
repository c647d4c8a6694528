package io.mailcellar.sync;

import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import jakarta.mail.MessagingException;

/**
 * Backs up one mailbox over one protocol, in the manner of a Kafka Connect
 * source task: it connects, compares what the server says with the run's
 * cursor, and hands the runtime events and next cursors through
 * {@link SyncRun}. It never sends to Kafka or saves a cursor itself. A
 * failure is thrown; the runtime reports it and tries again later, from the
 * last committed cursor.
 */
public interface MailboxTask {

    Protocol protocol();

    void run(Mailbox mailbox, SyncRun run) throws MessagingException;
}
