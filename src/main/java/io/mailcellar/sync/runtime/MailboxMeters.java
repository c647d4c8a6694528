package io.mailcellar.sync.runtime;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per mailbox, for alerts: when its last poll succeeded, how many failed in a
 * row since, and how many of its messages are not backed up yet. Tagged
 * {@code mailbox} with the mailbox id; kept by the poller that polls it.
 */
@ApplicationScoped
public class MailboxMeters {

    private final MeterRegistry registry;
    private final Map<String, Values> values = new ConcurrentHashMap<>();

    MailboxMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    /** After a run: the mailbox's figures as its new status has them. */
    void record(String mailboxId, Instant lastSuccess, int consecutiveFailures, int unreadMessages) {
        Values mailbox = values.computeIfAbsent(mailboxId, this::register);
        mailbox.lastSuccess.set(lastSuccess == null ? 0 : lastSuccess.getEpochSecond());
        mailbox.failures.set(consecutiveFailures);
        mailbox.unread.set(unreadMessages);
    }

    private Values register(String mailboxId) {
        Values mailbox = new Values(new AtomicLong(), new AtomicLong(), new AtomicLong());
        Tags tags = Tags.of("mailbox", mailboxId);
        Gauge.builder("mailcellar.mailbox.last.success", mailbox.lastSuccess, AtomicLong::doubleValue)
                .tags(tags).baseUnit("seconds")
                .description("when the mailbox's last poll succeeded, in seconds since 1970 (0: never)")
                .register(registry);
        Gauge.builder("mailcellar.mailbox.consecutive.failures", mailbox.failures, AtomicLong::doubleValue)
                .tags(tags).description("failed polls of the mailbox in a row").register(registry);
        Gauge.builder("mailcellar.mailbox.unread.messages", mailbox.unread, AtomicLong::doubleValue)
                .tags(tags).description("messages on the server not backed up yet (the status lists them)")
                .register(registry);
        return mailbox;
    }

    private record Values(AtomicLong lastSuccess, AtomicLong failures, AtomicLong unread) {
    }
}
