package io.mailcellar.archive;

import java.util.Map;

/**
 * How many events the archiver reads at once, derived from the memory it may
 * hold them in. An event carries a message up to the inline limit, so the
 * Kafka consumer's own limits (a count of records per poll) say nothing of
 * bytes: 500 records of 512 KiB are 250 MB a poll, and the framework queues
 * a poll ahead. The archiver holds at most one poll being written, one
 * queued, and one fetch the consumer buffers; this sizes each so the sum
 * stays within {@code mailcellar.archive.buffer-memory}.
 *
 * @param maxPollRecords       records per poll, so two polls of the largest events fit in three quarters
 * @param fetchMaxBytes        the consumer's fetch buffer: a quarter
 * @param partitionFetchBytes  per partition of a fetch, at most the whole fetch
 */
record ArchiverIntake(int maxPollRecords, int fetchMaxBytes, int partitionFetchBytes) {

    /** What an event carries besides the message: its CloudEvents headers and key, generously. */
    static final long EVENT_OVERHEAD = 64 * 1024;
    /** Kafka's default per-partition fetch, kept where the budget allows. */
    private static final long PARTITION_FETCH_DEFAULT = 1024 * 1024;
    /** Kafka's default records per poll: more buys nothing. */
    private static final int POLL_RECORDS_DEFAULT = 500;

    static ArchiverIntake of(long bufferMemory, long inlineLimit) {
        long largestEvent = inlineLimit + EVENT_OVERHEAD;
        if (bufferMemory < 3 * largestEvent) {
            throw new IllegalArgumentException("mailcellar.archive.buffer-memory (" + bufferMemory + " bytes) must "
                    + "hold at least three of the largest events (" + largestEvent + " bytes each, "
                    + "mailcellar.kafka.inline-limit plus headers): raise it to " + 3 * largestEvent
                    + " or more, or lower the inline limit");
        }
        long fetch = Math.max(largestEvent, bufferMemory / 4);
        long records = Math.max(1, (bufferMemory - fetch) / (2 * largestEvent));
        return new ArchiverIntake((int) Math.min(POLL_RECORDS_DEFAULT, records),
                (int) Math.min(Integer.MAX_VALUE, fetch), (int) Math.min(PARTITION_FETCH_DEFAULT, fetch));
    }

    /** The most the archiver holds of events read and not yet written, in bytes. */
    long bound(long inlineLimit) {
        return 2L * maxPollRecords * (inlineLimit + EVENT_OVERHEAD) + fetchMaxBytes;
    }

    /** As Kafka consumer settings. */
    Map<String, Object> consumerSettings() {
        return Map.of("max.poll.records", maxPollRecords, "fetch.max.bytes", fetchMaxBytes,
                "max.partition.fetch.bytes", partitionFetchBytes);
    }
}
