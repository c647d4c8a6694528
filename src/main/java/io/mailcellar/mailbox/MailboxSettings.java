package io.mailcellar.mailbox;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** What the operator allows registrations to ask for, and polls to fetch ({@code mailcellar.mail.*}). */
@ConfigMapping(prefix = "mailcellar.mail")
public interface MailboxSettings {

    /** Allow {@code security: none} (plaintext passwords on the wire). */
    @WithDefault("false")
    boolean allowInsecure();

    /** The poll interval a mailbox gets when its registration names none. */
    @WithDefault("PT15M")
    Duration defaultInterval();

    /** The shortest poll interval a registration may ask for, to spare the mail servers. */
    @WithDefault("PT1M")
    Duration minInterval();

    /**
     * The largest message a poll fetches. A larger one is not fetched; it
     * stays listed in the mailbox's status, with its UID and size, and is
     * fetched once the limit is raised.
     */
    @WithDefault("256M")
    MemorySize maxMessageSize();
}
