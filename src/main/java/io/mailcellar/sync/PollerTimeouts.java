package io.mailcellar.sync;

import io.mailcellar.mail.MailTimeouts;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** The mail connections' timeouts come from the poller's settings ({@code mailcellar.sync.*-timeout}). */
@ApplicationScoped
class PollerTimeouts {

    @Produces
    @Singleton
    MailTimeouts timeouts(SyncSettings settings) {
        return new MailTimeouts(settings.connectTimeout(), settings.readTimeout());
    }
}
