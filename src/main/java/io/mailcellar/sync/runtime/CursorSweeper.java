package io.mailcellar.sync.runtime;

import io.mailcellar.kafka.FencedWriteException;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxRegistry;
import io.mailcellar.sync.cursor.CursorStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Removes the sync cursors of mailboxes that are no longer registered.
 * Unregistering removes the registration and the status; the cursor is the
 * pollers' record, so the poller that owns the mailbox's partition removes it
 * here. The poller holds the cursors of its partitions in memory, so a
 * cursor left behind (a large mailbox's is megabytes) would cost whichever
 * poller owns it for good.
 *
 * <p>A cursor goes only once its mailbox was missing from the registry at
 * two sweeps in a row ({@code mailcellar.sync.cursor-sweep} apart), so that
 * a registry view a moment behind never costs a registered mailbox its
 * cursor, which would make its next poll fetch everything again. A sweep
 * that Kafka fails is logged, and the next one tries again.
 */
@ApplicationScoped
public class CursorSweeper {

    private static final Logger LOG = Logger.getLogger(CursorSweeper.class);

    private final CursorStore cursors;
    private final Supplier<Set<String>> registered;
    /** This poller's hold on a mailbox it owns; empty for one it does not. */
    private final Function<String, Optional<GroupFence>> fences;
    private final BooleanSupplier active;
    /** Mailboxes this poller owns that had a cursor but no registration at the last sweep. */
    private Set<String> missingBefore = Set.of();

    @Inject
    CursorSweeper(CursorStore cursors, MailboxRegistry registry, PollerGroup group) {
        // The cursors are never ready in a process that does not poll.
        this(cursors, () -> registry.all().stream().map(Mailbox::id).collect(Collectors.toSet()), group::fence,
                () -> registry.isReady() && cursors.isReady() && group.hasJoined());
    }

    CursorSweeper(CursorStore cursors, Supplier<Set<String>> registered,
                  Function<String, Optional<GroupFence>> fences, BooleanSupplier active) {
        this.cursors = cursors;
        this.registered = registered;
        this.fences = fences;
        this.active = active;
    }

    @Scheduled(every = "${mailcellar.sync.cursor-sweep:1m}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    synchronized void sweep() {
        if (!active.getAsBoolean()) {
            return;
        }
        Set<String> registeredNow = registered.get();
        Set<String> missing = new HashSet<>();
        for (String mailboxId : cursors.mailboxes()) {
            if (!registeredNow.contains(mailboxId) && fences.apply(mailboxId).isPresent()) {
                missing.add(mailboxId);
            }
        }
        Set<String> stillMissing = new HashSet<>();
        for (String mailboxId : missing) {
            if (!missingBefore.contains(mailboxId)) {
                stillMissing.add(mailboxId);
                continue;
            }
            Optional<GroupFence> fence = fences.apply(mailboxId);
            if (fence.isEmpty()) {
                continue;
            }
            try {
                cursors.forget(mailboxId, fence.get());
                LOG.infof("mailbox %s: not registered any more; its sync cursor is removed", mailboxId);
            } catch (FencedWriteException e) {
                LOG.infof("mailbox %s: moved to another poller before its cursor was removed; that one removes it",
                        mailboxId);
            } catch (KafkaUnavailableException e) {
                stillMissing.add(mailboxId);
                LOG.warnf("mailbox %s: not registered any more, but removing its sync cursor failed; "
                        + "the next sweep tries again: %s", mailboxId, e.getMessage());
            }
        }
        missingBefore = stillMissing;
    }
}
