package io.mailcellar.sync.runtime;

import io.mailcellar.mailbox.MailboxRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

/**
 * Per mailbox, for alerts: when its last poll succeeded, how many failed in a
 * row since, and how many of its messages are not backed up yet. Tagged
 * {@code mailbox} with the mailbox id; kept by the poller that polls it.
 */
@ApplicationScoped
public class MailboxMeters {

    private final MeterRegistry registry;
    private final Map<String, Values> values = new ConcurrentHashMap<>();
    private final Predicate<String> polledHere;

    @Inject
    MailboxMeters(MeterRegistry registry, MailboxRegistry mailboxes, PollerGroup group) {
        this(registry, id -> !mailboxes.isReady() || mailboxes.find(id).isPresent() && group.owns(id));
    }

    /** {@code polledHere}: whether this poller still polls the mailbox (else its gauges go). */
    MailboxMeters(MeterRegistry registry, Predicate<String> polledHere) {
        this.registry = registry;
        this.polledHere = polledHere;
    }

    /**
     * Drops the gauges of mailboxes this poller no longer polls (unregistered,
     * or moved to another poller), so that no mailbox is reported twice or for
     * ever.
     */
    @Scheduled(every = "${mailcellar.sync.cursor-sweep:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        for (String mailboxId : Set.copyOf(values.keySet())) {
            if (!polledHere.test(mailboxId)) {
                values.remove(mailboxId);
                Tags tags = Tags.of("mailbox", mailboxId);
                for (String name : List.of(LAST_SUCCESS, FAILURES, UNREAD)) {
                    Gauge gauge = registry.find(name).tags(tags).gauge();
                    if (gauge != null) {
                        registry.remove(gauge);
                    }
                }
            }
        }
    }

    /** After a run: the mailbox's figures as its new status has them. */
    void record(String mailboxId, Instant lastSuccess, int consecutiveFailures, int unreadMessages) {
        Values mailbox = values.computeIfAbsent(mailboxId, this::register);
        mailbox.lastSuccess.set(lastSuccess == null ? 0 : lastSuccess.getEpochSecond());
        mailbox.failures.set(consecutiveFailures);
        mailbox.unread.set(unreadMessages);
    }

    private static final String LAST_SUCCESS = "mailcellar.mailbox.last.success";
    private static final String FAILURES = "mailcellar.mailbox.consecutive.failures";
    private static final String UNREAD = "mailcellar.mailbox.unread.messages";

    private Values register(String mailboxId) {
        Values mailbox = new Values(new AtomicLong(), new AtomicLong(), new AtomicLong());
        Tags tags = Tags.of("mailbox", mailboxId);
        Gauge.builder(LAST_SUCCESS, mailbox.lastSuccess, AtomicLong::doubleValue)
                .tags(tags).baseUnit("seconds")
                .description("when the mailbox's last poll succeeded, in seconds since 1970 (0: never)")
                .register(registry);
        Gauge.builder(FAILURES, mailbox.failures, AtomicLong::doubleValue)
                .tags(tags).description("failed polls of the mailbox in a row").register(registry);
        Gauge.builder(UNREAD, mailbox.unread, AtomicLong::doubleValue)
                .tags(tags).description("messages on the server not backed up yet (the status lists them)")
                .register(registry);
        return mailbox;
    }

    private record Values(AtomicLong lastSuccess, AtomicLong failures, AtomicLong unread) {
    }
}
