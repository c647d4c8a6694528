package io.mailcellar.bench;

/**
 * One timed run of one tool in one scenario. {@code serversCpuSeconds} is the
 * CPU the local Kafka broker and S3 server spent meanwhile (mailcellar only:
 * the peers need neither).
 */
record Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes,
                   double serversCpuSeconds) {

    Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes) {
        this(wallSeconds, cpuSeconds, peakRssMb, messages, bytes, 0);
    }

    double messagesPerSecond() {
        return wallSeconds <= 0 ? 0 : messages / wallSeconds;
    }

    double megabytesPerSecond() {
        return wallSeconds <= 0 ? 0 : bytes / 1e6 / wallSeconds;
    }
}
