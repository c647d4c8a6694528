package io.mailcellar.sync;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the poller works ({@code mailcellar.sync.*}). */
@ConfigMapping(prefix = "mailcellar.sync")
public interface SyncSettings {

    /** Mailboxes polled at the same time by one instance. */
    @WithDefault("4")
    int concurrency();

    /** How often the scheduler looks for mailboxes that are due. */
    @WithDefault("1s")
    String tick();

    /**
     * How often a poller looks for cursors of mailboxes no longer registered;
     * one goes once its mailbox was missing at two looks in a row.
     */
    @WithDefault("1m")
    String cursorSweep();

    @WithDefault("30s")
    Duration connectTimeout();

    /** A server that sends nothing for this long is given up on; the run resumes from the cursor next time. */
    @WithDefault("120s")
    Duration readTimeout();

    /**
     * After a failed run, the next try comes after this delay (or the
     * mailbox's interval, if shorter); it doubles with each failure in a row,
     * up to {@link #maxBackoff()}.
     */
    @WithDefault("PT1M")
    Duration retryDelay();

    /** The longest pause between the tries of a failing mailbox. */
    @WithDefault("PT1H")
    Duration maxBackoff();

    /**
     * The longest a run may take. A longer one (a server that trickles its
     * answer, which no read timeout notices) is cut short by closing its
     * connection; the next run goes on from the last saved cursor.
     */
    @WithDefault("PT1H")
    Duration maxRunDuration();

    /**
     * The slowest a mail server may send while a run waits for it, per
     * second ("100" bytes, "1K"): a run below it over a whole
     * {@link #transferWindow()} is cut short, long before its deadline. Only
     * time spent waiting for the server counts. 0 turns the check off.
     */
    @WithDefault("100")
    MemorySize minTransferRate();

    /** How often, and over how long, a run's transfer rate is judged. */
    @WithDefault("PT5M")
    Duration transferWindow();

    /** Events are published, and the cursor saved, at least every this many messages. */
    @WithDefault("200")
    int batchMessages();

    /** ... or every this many bytes of message content. */
    @WithDefault("16M")
    MemorySize batchBytes();
}
