package io.mailcellar.alert;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** {@code mailcellar.alerts.*}: telling a person when a backup needs them. */
@ConfigMapping(prefix = "mailcellar.alerts")
public interface AlertSettings {

    /**
     * Where to POST an alert (JSON) when a mailbox starts failing, becomes overdue (not backed up for longer than
     * twice its interval) or recovers; no alerts when unset. A chat service's incoming webhook, or a relay of
     * the operator's.
     */
    Optional<URI> webhookUrl();

    /** How often the api role looks at every mailbox; an alert that could not be sent is tried again then. */
    @WithDefault("1m")
    Duration checkInterval();

    /** How long a webhook POST may take. */
    @WithDefault("10s")
    Duration timeout();

    /** The dashboard's address as people reach it (https://backup.example.com), for links in alerts. */
    Optional<URI> dashboardUrl();
}
