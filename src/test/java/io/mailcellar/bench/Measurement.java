package io.mailcellar.bench;

/** One timed run of one tool in one scenario. */
record Measurement(double wallSeconds, double cpuSeconds, double peakRssMb, int messages, long bytes) {

    double messagesPerSecond() {
        return wallSeconds <= 0 ? 0 : messages / wallSeconds;
    }

    double megabytesPerSecond() {
        return wallSeconds <= 0 ? 0 : bytes / 1e6 / wallSeconds;
    }
}
