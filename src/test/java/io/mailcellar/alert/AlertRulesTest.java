package io.mailcellar.alert;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AlertRulesTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Instant CREATED = Instant.parse("2026-12-01T08:00:00Z");

    private static Mailbox mailbox(String id, String name) {
        return new Mailbox(id, name, Protocol.IMAP, "mail.example.test", 993, Security.TLS, "u",
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                Pop3DeleteMode.NEVER, null, null, true, CREATED, CREATED, null, null);
    }

    private static AlertRules.Observed observed(String id, MailboxState state, Instant snapshotAt) {
        Mailbox mailbox = mailbox(id, "Mailbox " + id);
        MailboxStatus status = new MailboxStatus(id, state, state == MailboxState.OK ? null
                : "the server refused the password", null, null, NOW.minus(Duration.ofHours(3)), 2, List.of(),
                List.of());
        if (snapshotAt != null) {
            status = status.withLastSnapshot(new MailboxStatus.LastSnapshot("s", snapshotAt, false, 1, 1, 1, null));
        }
        return new AlertRules.Observed(mailbox, status, snapshotAt, Condition.of(mailbox, status, NOW));
    }

    @Test
    void anAlertGoesOutWhenAConditionBeginsChangesOrEndsAndNotWhileItLasts() {
        Map<String, Condition> alerted = new HashMap<>();
        List<AlertRules.Observed> first = List.of(
                observed("a", MailboxState.OK, NOW.minusSeconds(60)),
                observed("b", MailboxState.AUTH_FAILED, NOW.minusSeconds(600)),
                observed("c", MailboxState.OK, NOW.minus(Duration.ofHours(1))));

        List<AlertRules.Due> due = AlertRules.due(alerted, first, NOW, null);
        assertThat(due).extracting(d -> d.alert().mailboxId() + ":" + d.alert().event())
                .containsExactly("b:failing", "c:overdue");
        due.forEach(d -> alerted.put(d.alert().mailboxId(), d.condition()));

        assertThat(AlertRules.due(alerted, first, NOW.plusSeconds(60), null)).as("nothing new").isEmpty();

        List<AlertRules.Observed> later = List.of(
                observed("a", MailboxState.OK, NOW.minusSeconds(60)),
                observed("b", MailboxState.OK, NOW.minusSeconds(30)),
                observed("c", MailboxState.ARCHIVE_FAILING, NOW.minus(Duration.ofHours(1))));
        assertThat(AlertRules.due(alerted, later, NOW, null)).extracting(d -> d.alert().mailboxId() + ":"
                + d.alert().event()).containsExactly("b:recovered", "c:failing");
    }

    @Test
    void theAlertSaysWhatIsWrongInASentence() {
        AlertRules.Due overdue = AlertRules.due(Map.of(), List.of(observed("c", MailboxState.OK,
                NOW.minus(Duration.ofHours(1)))), NOW, URI.create("https://backup.example.test/")).get(0);
        assertThat(overdue.alert().text()).isEqualTo("The backup of Mailbox c is overdue: its last snapshot is 1 hour "
                + "old, more than twice its interval of 15 minutes");
        assertThat(overdue.alert().link()).isEqualTo("https://backup.example.test/ui/mailboxes/c");

        AlertRules.Due never = AlertRules.due(Map.of(), List.of(observed("d", MailboxState.NEVER_POLLED, null)), NOW,
                null).get(0);
        assertThat(never.alert().text()).contains("it has no snapshot yet, 4 days after it was registered");
    }

    @Test
    void theWebhooksJsonIsPinned() throws Exception {
        AlertRules.Due failing = AlertRules.due(Map.of(), List.of(observed("b", MailboxState.AUTH_FAILED,
                Instant.parse("2026-12-05T11:50:00Z"))), NOW, URI.create("https://backup.example.test")).get(0);

        String json = WebhookAlerts.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(failing.alert());

        GoldenFiles.assertWritten("alert.json", json);
        assertThat(WebhookAlerts.JSON.readValue(GoldenFiles.read("alert.json"), Alert.class))
                .isEqualTo(failing.alert());
    }
}
