package io.mailcellar.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One timed run of one tool in one scenario. For mailcellar (the peers need
 * neither) {@code kafkaCpuSeconds} and {@code s3CpuSeconds} are the CPU the
 * local Kafka broker and S3 server spent meanwhile, {@code jitCpuSeconds} the
 * part of the service's, Kafka's and S3Proxy's CPU their JIT compilers took,
 * and {@code serviceJitCpuSeconds} the service's own part of that.
 * {@code seenLateSeconds} is how long after a scenario's end the benchmark
 * saw that it had ended: its wall time stops at the end, its CPU and memory
 * readings when it was seen.
 */
record Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes,
                   double kafkaCpuSeconds, double s3CpuSeconds, double jitCpuSeconds, double serviceJitCpuSeconds,
                   double seenLateSeconds) {

    Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes) {
        this(wallSeconds, cpuSeconds, peakRssMb, messages, bytes, 0, 0, 0, 0, 0);
    }

    /** Kafka's and S3's CPU together, as result files before the split reported it. */
    @JsonProperty
    double serversCpuSeconds() {
        return kafkaCpuSeconds + s3CpuSeconds;
    }

    double messagesPerSecond() {
        return wallSeconds <= 0 ? 0 : messages / wallSeconds;
    }

    double megabytesPerSecond() {
        return wallSeconds <= 0 ? 0 : bytes / 1e6 / wallSeconds;
    }
}
