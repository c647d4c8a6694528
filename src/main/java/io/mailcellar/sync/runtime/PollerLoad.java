package io.mailcellar.sync.runtime;

import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.sync.cursor.CursorStore;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * What one poller carries, for sizing: the mailboxes it polls, and the
 * mailboxes whose cursors it holds in memory (those of the partitions it
 * owns, with the cursors of mailboxes no longer registered until they are
 * swept). Both 0 in a process that does not poll.
 */
@Startup
@ApplicationScoped
public class PollerLoad {

    PollerLoad(MeterRegistry meters, MailboxRegistry registry, PollerGroup group, CursorStore cursors) {
        Gauge.builder("mailcellar.sync.mailboxes.owned", () -> registry.isReady() && group.hasJoined()
                        ? registry.all().stream().filter(mailbox -> group.owns(mailbox.id())).count() : 0)
                .description("registered mailboxes this poller polls").register(meters);
        Gauge.builder("mailcellar.sync.cursors.held", () -> cursors.isReady() ? cursors.mailboxes().size() : 0)
                .description("mailboxes whose sync cursor this poller holds in memory").register(meters);
    }
}
