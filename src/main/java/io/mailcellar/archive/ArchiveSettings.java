package io.mailcellar.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The archiver ({@code mailcellar.archive.*}). */
@ConfigMapping(prefix = "mailcellar.archive")
public interface ArchiveSettings {

    /** Messages one archiver writes to S3 at the same time: the size of its pool of writer threads. */
    @WithDefault("8")
    int concurrency();

    /**
     * Also read every written message back and compare its SHA-256, at the cost
     * of a GET per message. Off by default: each write is signed with the
     * message's SHA-256 and S3 refuses a body that does not match it. Turn it on
     * for a store that does not check {@code x-amz-content-sha256}.
     */
    @WithDefault("false")
    boolean readBack();

    /**
     * An event the archiver has held this long without archiving it (the
     * store refuses it, say) is logged as stuck, once; the archiver keeps
     * trying. {@code mailcellar_archive_oldest_pending_seconds} shows the same
     * for alerts.
     */
    @WithDefault("10m")
    java.time.Duration stuckAfter();

    /**
     * The most memory the archiver holds events in, read from Kafka and not
     * yet written: a quarter for the consumer's fetch buffer, a quarter for
     * one read queued (113 events of 512 KiB at the default), the rest for
     * the events being written ({@link ArchiverIntake}). At least three of
     * the largest events ({@code mailcellar.kafka.inline-limit} plus 64 KiB).
     */
    @WithDefault("256M")
    io.quarkus.runtime.configuration.MemorySize bufferMemory();

    /**
     * Keep snapshots: a tree of every folder and one snapshot per sync run that changed something, which make the
     * bucket alone enough to restore (docs/archive-format.md). Off only to measure what they cost.
     */
    @WithDefault("true")
    boolean snapshots();

    /**
     * A mailbox whose last run's changes are in no snapshot this long after the run ended shows
     * {@code archive-failing} in its status: the archivers are behind, or cannot write to the bucket. Read by the
     * API role.
     */
    @WithDefault("15m")
    Duration lagWarning();

    /**
     * How often the poller that owns a mailbox checks its archive against its cursor and newest snapshot, by
     * listing the bucket (no object is read): missing messages are read again from the server. {@code 0s} turns
     * the scheduled checks off; {@code POST /api/v1/mailboxes/{id}/check} asks for one at any time.
     */
    @WithDefault("1d")
    Duration checkInterval();
}
