package io.mailcellar.sync.push;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** IMAP IDLE push ({@code mailcellar.push.*}). */
@ConfigMapping(prefix = "mailcellar.push")
public interface PushSettings {

    /** How long after a change a backup starts, so that a burst of arrivals is one run and one snapshot. */
    @WithDefault("1s")
    Duration debounce();

    /** How often IDLE is ended and begun again: RFC 2177 asks for less than 29 minutes. */
    @WithDefault("25m")
    Duration reidle();

    /** The longest wait between attempts to reconnect a dropped IDLE connection; the waits double up to it. */
    @WithDefault("5m")
    Duration maxReconnectDelay();

    /** How often the watchers are matched to the mailboxes this poller owns. */
    @WithDefault("5s")
    Duration reconcile();
}
