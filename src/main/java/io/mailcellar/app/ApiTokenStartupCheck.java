package io.mailcellar.app;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

/** Fails the start of a process with the api role and no API token: an open API would hand out every mailbox. */
@ApplicationScoped
class ApiTokenStartupCheck {

    void check(@Observes StartupEvent event, RoleSettings roles, Instance<ApiTokens> tokens) {
        if (roles.runs(Role.API) && tokens.get().isEmpty()) {
            throw new IllegalStateException("no API token: set mailcellar.api.tokens.<name> (environment "
                    + "MAILCELLAR_API_TOKENS_<NAME>) to a long random value, e.g. `openssl rand -hex 32`");
        }
    }
}
