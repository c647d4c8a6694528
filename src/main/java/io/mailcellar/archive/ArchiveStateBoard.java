package io.mailcellar.archive;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * The archivers' side of {@code archive-state}: after every sync run they
 * finish with, the mailbox's newest snapshot and that run. A failed write
 * is logged and costs nothing else: the next run writes the state again.
 */
@Startup
@ApplicationScoped
public class ArchiveStateBoard {

    private static final Logger LOG = Logger.getLogger(ArchiveStateBoard.class);

    private final CompactedTables.Handle<ArchiveState> states;

    ArchiveStateBoard(CompactedTables tables, Topics topics, RoleSettings roles) {
        this.states = tables.register(topics.archiveState(), ArchiveState.class, "mailcellar-archive-state-writer",
                roles.runs(Role.ARCHIVER));
    }

    public void report(ArchiveState state) {
        if (!states.isReady()) {
            LOG.debugf("mailbox %s: the archive state is still loading; the next run reports it",
                    state.mailboxId());
            return;
        }
        try {
            states.table().put(state.mailboxId(), state);
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: its archive state could not be written to Kafka (%s); the next run writes it "
                    + "again", state.mailboxId(), e.getMessage());
        }
    }
}
