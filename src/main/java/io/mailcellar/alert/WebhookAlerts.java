package io.mailcellar.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.app.LogText;
import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.mailbox.BackupAge;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.MailboxStatuses;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Looks at every mailbox each {@code mailcellar.alerts.check-interval} (api
 * role) and POSTs an alert to the webhook when one starts failing, becomes
 * overdue, or recovers. What was sent is remembered in memory: an alert the
 * webhook refused is sent again at the next look, and after a restart the
 * mailboxes that still need a person are alerted once more.
 */
@ApplicationScoped
public class WebhookAlerts {

    private static final Logger LOG = Logger.getLogger(WebhookAlerts.class);
    /** The alerts' JSON: times as RFC 3339 text (format pinned by golden/alert.json). */
    static final ObjectMapper JSON = com.fasterxml.jackson.databind.json.JsonMapper.builder()
            .addModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule())
            .disable(com.fasterxml.jackson.databind.SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();

    private final AlertSettings settings;
    private final RoleSettings roles;
    private final MailboxRegistry registry;
    private final MailboxStatuses statuses;
    private final Clock clock;
    private final Map<String, Condition> alerted = new ConcurrentHashMap<>();
    private final HttpClient http;

    WebhookAlerts(AlertSettings settings, RoleSettings roles, MailboxRegistry registry, MailboxStatuses statuses,
                  Clock clock) {
        this.settings = settings;
        this.roles = roles;
        this.registry = registry;
        this.statuses = statuses;
        this.clock = clock;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Scheduled(every = "${mailcellar.alerts.check-interval:1m}", delayed = "10s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void look() {
        if (settings.webhookUrl().isEmpty() || !roles.runs(Role.API) || !registry.isReady()) {
            return;
        }
        Instant now = clock.instant();
        List<AlertRules.Observed> observed = new ArrayList<>();
        Set<String> registered = new HashSet<>();
        for (Mailbox mailbox : registry.all()) {
            MailboxStatus status = statuses.of(mailbox);
            registered.add(mailbox.id());
            observed.add(new AlertRules.Observed(mailbox, status, BackupAge.lastBackup(status),
                    Condition.of(mailbox, status, now)));
        }
        alerted.keySet().retainAll(registered);
        for (AlertRules.Due due : AlertRules.due(alerted, observed, now, settings.dashboardUrl().orElse(null))) {
            if (send(settings.webhookUrl().get(), due.alert())) {
                alerted.put(due.alert().mailboxId(), due.condition());
            }
        }
    }

    private boolean send(URI webhook, Alert alert) {
        try {
            HttpRequest request = HttpRequest.newBuilder(webhook).timeout(settings.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(alert))).build();
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            if (response.statusCode() / 100 == 2) {
                LOG.infof("mailbox %s: alert '%s' sent to the webhook", alert.mailboxId(), alert.event());
                return true;
            }
            LOG.warnf("mailbox %s: the webhook answered %d to the alert '%s'; it is sent again in %s",
                    alert.mailboxId(), response.statusCode(), alert.event(), settings.checkInterval());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert could not be written as JSON", e);
        } catch (IOException e) {
            LOG.warnf("mailbox %s: the alert '%s' could not reach the webhook (%s); it is sent again in %s",
                    alert.mailboxId(), alert.event(), LogText.of(e.toString()), settings.checkInterval());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }
}
