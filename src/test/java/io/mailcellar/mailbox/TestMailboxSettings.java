package io.mailcellar.mailbox;

import io.quarkus.runtime.configuration.MemorySize;

import java.time.Duration;

/** The documented defaults of {@code mailcellar.mail.*}, with plaintext allowed or not. */
public record TestMailboxSettings(boolean allowInsecure) implements MailboxSettings {

    @Override
    public Duration defaultInterval() {
        return Duration.ofMinutes(15);
    }

    @Override
    public Duration minInterval() {
        return Duration.ofMinutes(1);
    }

    @Override
    public MemorySize maxMessageSize() {
        return new MemorySize(java.math.BigInteger.valueOf(256L << 20));
    }
}
