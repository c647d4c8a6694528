package io.mailcellar.archive;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * A poller or an archiver checks the bucket as it starts (creating and
 * marking a new one where allowed), so a missing or lost bucket shows in the
 * log at once, not at the first message. Off the start-up thread: S3 may be
 * slow or away, and the first write checks again anyway.
 */
@ApplicationScoped
public class BucketAtStart {

    private static final Logger LOG = Logger.getLogger(BucketAtStart.class);

    private final ObjectStore store;
    private final boolean writes;

    BucketAtStart(ObjectStore store, RoleSettings roles) {
        this.store = store;
        this.writes = roles.runs(Role.POLLER) || roles.runs(Role.ARCHIVER);
    }

    void check(@Observes StartupEvent event) {
        if (!writes) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                store.ensureBucket();
            } catch (ArchiveUnavailableException e) {
                // A lost bucket was logged as an error by the store; an outage is only a warning here.
                LOG.warnf("the bucket could not be checked at start; the first write checks it again: %s",
                        e.getMessage());
            }
        }, "bucket-at-start");
        thread.setDaemon(true);
        thread.start();
    }
}
