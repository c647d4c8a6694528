package io.mailcellar.archive;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.util.Collection;
import java.util.function.UnaryOperator;

/**
 * The writers' side of {@code archive-state}: after every sync run the
 * archivers finish with, the mailbox's newest snapshot and that run; when
 * the store refuses a mailbox's writes, why; when an event of a mailbox
 * goes to the dead-letter topic, that it did (until a replay clears it). A
 * failed write is logged and costs nothing else: the next run writes the
 * state again.
 */
@Startup
@ApplicationScoped
public class ArchiveStateBoard {

    private static final Logger LOG = Logger.getLogger(ArchiveStateBoard.class);

    private final CompactedTables.Handle<ArchiveState> states;

    ArchiveStateBoard(CompactedTables tables, Topics topics, RoleSettings roles) {
        // The api role clears dead letters when it replays them.
        this.states = tables.register(topics.archiveState(), ArchiveState.class, "mailcellar-archive-state-writer",
                roles.runs(Role.ARCHIVER) || roles.runs(Role.API));
    }

    /**
     * The mailbox's state as last written, with this problem (or none): a refusal is reported at once, not at
     * the end of a run the refusal holds up.
     */
    public void problem(String mailboxId, ArchiveState.Problem problem) {
        change(mailboxId, state -> state.withProblem(problem));
    }

    /** One more of the mailbox's events went to the dead-letter topic. */
    public void deadLettered(String mailboxId, String reason, Instant at) {
        change(mailboxId, state -> state.withDeadLetters(state.deadLetters() == null
                ? new ArchiveState.DeadLetters(1, reason, at) : state.deadLetters().plusOne(reason, at)));
    }

    /**
     * The mailboxes' dead letters are about to be replayed: cleared first, so that one rejected again marks the
     * mailbox again.
     *
     * @throws KafkaUnavailableException the marks could not be cleared
     */
    public void clearDeadLetters(Collection<String> mailboxIds) {
        requireReady();
        for (String mailboxId : mailboxIds) {
            ArchiveState current = states.table().get(mailboxId).orElse(null);
            if (current != null && current.deadLetters() != null) {
                states.table().put(mailboxId, current.withDeadLetters(null));
            }
        }
    }

    /**
     * A run's outcome, keeping the mailbox's dead letters, which only a replay clears, and its newest gap, which
     * only a later check closes (the status compares their times).
     */
    public void report(ArchiveState state) {
        change(state.mailboxId(), current -> state.withDeadLetters(current.deadLetters())
                .withGap(state.gap() != null ? state.gap() : current.gap()));
    }

    private synchronized void change(String mailboxId, UnaryOperator<ArchiveState> change) {
        if (!states.isReady()) {
            LOG.debugf("mailbox %s: the archive state is still loading; it is reported again later", mailboxId);
            return;
        }
        try {
            ArchiveState current = states.table().get(mailboxId).orElseGet(() -> ArchiveState.none(mailboxId));
            states.table().put(mailboxId, change.apply(current));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: its archive state could not be written to Kafka (%s); the next run writes it "
                    + "again", mailboxId, e.getMessage());
        }
    }

    private void requireReady() {
        if (!states.isReady()) {
            throw new KafkaUnavailableException("the archive state is still loading from Kafka",
                    null);
        }
    }
}
