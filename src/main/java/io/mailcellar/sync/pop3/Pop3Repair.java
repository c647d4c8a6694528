package io.mailcellar.sync.pop3;

import io.mailcellar.app.LogText;
import io.mailcellar.mail.Pop3Client;
import io.mailcellar.sync.SyncRun;
import io.mailcellar.sync.check.CheckPlan;
import jakarta.mail.MessagingException;

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
        run.repair(named(identity), repair, Pop3MailboxSync.newMessage(retrieved, identity));
    }

    private void cannot(String identity, String why) {
        run.unrepairable(named(identity), why);
    }

    private static String named(String identity) {
        return "POP3 message " + LogText.of(identity);
    }
}
