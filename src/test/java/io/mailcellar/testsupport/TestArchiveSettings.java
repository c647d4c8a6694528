package io.mailcellar.testsupport;

import io.mailcellar.archive.ArchiveSettings;

/** Archiver settings for tests that build a message writer themselves. */
public record TestArchiveSettings(int concurrency, boolean readBack) implements ArchiveSettings {

    public static TestArchiveSettings readBack(boolean readBack) {
        return new TestArchiveSettings(1, readBack);
    }

    @Override
    public io.quarkus.runtime.configuration.MemorySize bufferMemory() {
        return new io.quarkus.runtime.configuration.MemorySize(java.math.BigInteger.valueOf(256L * 1024 * 1024));
    }

    @Override
    public java.time.Duration stuckAfter() {
        return java.time.Duration.ofMinutes(10);
    }

    @Override
    public boolean snapshots() {
        return true;
    }

    @Override
    public java.time.Duration lagWarning() {
        return java.time.Duration.ofMinutes(15);
    }

    @Override
    public java.time.Duration checkInterval() {
        return java.time.Duration.ofDays(1);
    }
}
