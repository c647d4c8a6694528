package io.mailcellar.alert;

import io.mailcellar.app.DurationWords;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxStatus;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which alerts are due: one when a mailbox's condition changes from what
 * was last alerted (failing, overdue, or recovered to fine). Pure; the
 * caller remembers what it sent.
 */
final class AlertRules {

    private AlertRules() {
    }

    /** A mailbox as it stands now. */
    record Observed(Mailbox mailbox, MailboxStatus status, Instant lastBackup, Condition condition) {
    }

    /** A due alert and the condition it reports, to remember once it is sent. */
    record Due(Alert alert, Condition condition) {
    }

    /** @param alerted the condition last alerted per mailbox id; a mailbox not in it was fine */
    static List<Due> due(Map<String, Condition> alerted, List<Observed> observed, Instant now, URI dashboard) {
        List<Due> due = new ArrayList<>();
        for (Observed mailbox : observed) {
            Condition before = alerted.getOrDefault(mailbox.mailbox().id(), Condition.FINE);
            if (before != mailbox.condition()) {
                due.add(new Due(alert(mailbox, now, dashboard), mailbox.condition()));
            }
        }
        return due;
    }

    private static Alert alert(Observed observed, Instant now, URI dashboard) {
        Mailbox mailbox = observed.mailbox();
        MailboxStatus status = observed.status();
        String event = switch (observed.condition()) {
            case FAILING -> "failing";
            case OVERDUE -> "overdue";
            case FINE -> "recovered";
        };
        String name = mailbox.name();
        String text = switch (observed.condition()) {
            case FAILING -> "The backup of " + name + " is failing (" + status.state().wireName() + "): "
                    + status.reason();
            case OVERDUE -> "The backup of " + name + " is overdue: " + (observed.lastBackup() == null
                    ? "it has no snapshot yet, " + DurationWords.of(Duration.between(mailbox.createdAt(), now))
                    + " after it was registered"
                    : "its last snapshot is " + DurationWords.of(Duration.between(observed.lastBackup(), now))
                    + " old") + ", more than twice its interval of " + DurationWords.of(mailbox.interval());
            case FINE -> "The backup of " + name + " is fine again.";
        };
        String link = dashboard == null ? null : dashboard.toString().replaceAll("/+$", "") + "/ui/mailboxes/"
                + mailbox.id();
        // One id per mailbox, event and occasion: the occasion is when the condition began, as well as it is known.
        Instant since = observed.condition() == Condition.OVERDUE && observed.lastBackup() != null
                ? observed.lastBackup() : status.lastSuccess() != null ? status.lastSuccess() : mailbox.createdAt();
        return new Alert(Alert.FORMAT, mailbox.id() + ":" + event + ":" + (since == null ? "" : since.toString()),
                event, text, mailbox.id(), name, status.state().wireName(), status.reason(), observed.lastBackup(),
                now, link);
    }
}
