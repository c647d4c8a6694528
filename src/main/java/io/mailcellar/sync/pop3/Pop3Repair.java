package io.mailcellar.sync.pop3;

import io.mailcellar.app.LogText;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.sync.NewMessage;
import io.mailcellar.sync.Spool;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.check.CheckPlan;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.Map;

/**
 * The POP3 half of a check's repairs: retrieves again, by the identity the
 * cursor knows (its UIDL), each message the check found missing from the
 * bucket or damaged there, and hands it to the run, which archives it again
 * (a missing one through the archivers, so that the tree holds it too) or
 * writes it over its damaged object. A message the maildrop no longer lists,
 * or serves with other bytes, cannot be repaired, and the run says so.
 */
final class Pop3Repair {

    private static final Logger LOG = Logger.getLogger(Pop3Repair.class);

    private final SyncRun run;
    private final Pop3Retrieval retrieval;
    private final long maxMessageSize;

    Pop3Repair(SyncRun run, Pop3Retrieval retrieval, long maxMessageSize) {
        this.run = run;
        this.retrieval = retrieval;
        this.maxMessageSize = maxMessageSize;
    }

    void repair(CheckPlan plan, Maildrop maildrop) throws MessagingException {
        for (Map.Entry<String, CheckPlan.Repair> wanted : plan.pop3ToRead().entrySet()) {
            String identity = wanted.getKey();
            Pop3Client.Listed listed = maildrop.messages().get(identity);
            if (listed == null) {
                cannot(identity, "the server no longer has it");
            } else if (listed.size() > maxMessageSize) {
                cannot(identity, "it is " + listed.size() + " bytes, over mailcellar.mail.max-message-size");
            } else {
                hand(identity, wanted.getValue(), retrieval.retrieve(listed));
            }
        }
        // Sends what was handed over and waits for Kafka's acknowledgements; the cursor does not change.
        run.commit(List.of(), run.cursor());
    }

    private void hand(String identity, CheckPlan.Repair repair, Pop3Retrieval.Retrieved retrieved) {
        if (!retrieved.sha256().equals(repair.sha256())) {
            if (retrieved.file() != null) {
                Spool.delete(retrieved.file());
            }
            cannot(identity, "the server now sends other bytes (SHA-256 " + retrieved.sha256() + ")");
            return;
        }
        NewMessage message = Pop3MailboxSync.newMessage(retrieved, identity);
        if (repair.damaged()) {
            run.replaceDamaged(message);
        } else {
            run.resend(message);
        }
        LOG.infof("mailbox %s: POP3 message %s read again from the server for the check (%s)", run.mailboxId(),
                LogText.of(identity), repair.damaged() ? "its object was damaged" : "it was missing from the bucket");
    }

    private void cannot(String identity, String why) {
        String text = "check: POP3 message " + LogText.of(identity) + " cannot be repaired: " + why;
        LOG.warnf("mailbox %s: %s", run.mailboxId(), text);
        run.unrepairable(text);
    }
}
