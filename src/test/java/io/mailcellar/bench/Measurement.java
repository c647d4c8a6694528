package io.mailcellar.bench;

/**
 * One timed run of one tool in one scenario. {@code serversCpuSeconds} is the
 * CPU the local Kafka broker and S3 server spent meanwhile (mailcellar only:
 * the peers need neither); {@code jitCpuSeconds} the part of the service's,
 * Kafka's and S3Proxy's CPU their JIT compilers took.
 */
record Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes,
                   double serversCpuSeconds, double jitCpuSeconds) {

    Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes) {
        this(wallSeconds, cpuSeconds, peakRssMb, messages, bytes, 0, 0);
    }

    double messagesPerSecond() {
        return wallSeconds <= 0 ? 0 : messages / wallSeconds;
    }

    double megabytesPerSecond() {
        return wallSeconds <= 0 ? 0 : bytes / 1e6 / wallSeconds;
    }
}
