package io.mailcellar.sync;

/** What a run's mail servers had sent so far, and how long the run had waited in reads for it. */
public record TransferSample(long bytes, long waitedNanos) {

    public static final TransferSample NONE = new TransferSample(0, 0);
}
