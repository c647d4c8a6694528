package io.mailcellar.mailbox;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/**
 * Fails the start of a process that registers or polls mailboxes when its
 * sealing keys are missing or wrong, instead of failing at the first request.
 */
@ApplicationScoped
class SealingStartupCheck {

    void check(@Observes StartupEvent event, RoleSettings roles, Instance<SecretSealer> sealer) {
        if (roles.runs(Role.API) || roles.runs(Role.POLLER)) {
            sealer.get().activeKeyId();
        }
    }
}
