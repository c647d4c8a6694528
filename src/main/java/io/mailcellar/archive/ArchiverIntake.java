package io.mailcellar.archive;

import java.util.Map;

/**
 * How the archiver's memory for events is shared out, from
 * {@code mailcellar.archive.buffer-memory}. An event carries a message up to
 * the inline limit, so the Kafka consumer's own limit (a count of records
 * per read) says nothing of bytes: 500 records of 512 KiB are 250 MB a read.
 * The archiver holds the consumer's fetch buffer (a quarter), one read
 * queued by the framework (a quarter, so a read is as many of the largest
 * events as fit there), and the batches it is writing, whose actual bytes
 * the {@link ByteBudget} keeps within the rest.
 *
 * @param maxPollRecords       records per read
 * @param fetchMaxBytes        the consumer's fetch buffer
 * @param partitionFetchBytes  per partition of a fetch, at most the whole fetch
 * @param inFlightBytes        the batches being written
 */
record ArchiverIntake(int maxPollRecords, int fetchMaxBytes, int partitionFetchBytes, long inFlightBytes) {

    /** What an event carries besides the message: its CloudEvents headers and key, generously. */
    static final long EVENT_OVERHEAD = 64 * 1024;
    /** Kafka's default per-partition fetch, kept where the budget allows. */
    private static final long PARTITION_FETCH_DEFAULT = 1024 * 1024;
    /** Kafka's default records per read: more buys nothing. */
    private static final int POLL_RECORDS_DEFAULT = 500;

    static ArchiverIntake of(long bufferMemory, long inlineLimit) {
        long largestEvent = inlineLimit + EVENT_OVERHEAD;
        if (bufferMemory < 3 * largestEvent) {
            throw new IllegalArgumentException("mailcellar.archive.buffer-memory (" + bufferMemory + " bytes) must "
                    + "hold at least three of the largest events (" + largestEvent + " bytes each, "
                    + "mailcellar.kafka.inline-limit plus headers): raise it to " + 3 * largestEvent
                    + " or more, or lower the inline limit");
        }
        long quarter = bufferMemory / 4;
        long fetch = Math.max(largestEvent, quarter);
        long records = Math.max(1, Math.min(POLL_RECORDS_DEFAULT, quarter / largestEvent));
        long inFlight = bufferMemory - fetch - records * largestEvent;
        return new ArchiverIntake((int) records, (int) Math.min(Integer.MAX_VALUE, fetch),
                (int) Math.min(PARTITION_FETCH_DEFAULT, fetch), inFlight);
    }

    /** The bytes a batch of events is counted as while it is written: its records, and their headers. */
    static long bytesOf(long recordBytes, int records) {
        return recordBytes + records * 1024L;
    }

    /** The most the archiver holds of events read and not yet written, in bytes. */
    long bound(long inlineLimit) {
        return (long) maxPollRecords * (inlineLimit + EVENT_OVERHEAD) + fetchMaxBytes + inFlightBytes;
    }

    /** As Kafka consumer settings. */
    Map<String, Object> consumerSettings() {
        return Map.of("max.poll.records", maxPollRecords, "fetch.max.bytes", fetchMaxBytes,
                "max.partition.fetch.bytes", partitionFetchBytes);
    }
}
