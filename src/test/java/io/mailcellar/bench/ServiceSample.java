package io.mailcellar.bench;

import io.mailcellar.testsupport.ServiceProcess;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;

/**
 * CPU and peak memory of the service process, CPU of its servers, and the
 * JIT compilers' CPU of all three, across one scenario.
 */
record ServiceSample(long pid, Servers servers, Instant started, double cpuBefore, double kafkaBefore,
                     double s3Before, double jitBefore, double serviceJitBefore) {

    /** The process ids of the local Kafka broker and S3 server, whose CPU a backup through mailcellar costs too. */
    record Servers(long kafkaPid, long s3Pid) {
    }

    static ServiceSample start(ServiceProcess service, Servers servers) throws IOException {
        ProcessStats.resetPeak(service.pid());
        long pid = service.pid();
        double serviceJit = ProcessStats.jitCpuSeconds(pid);
        double kafka = ProcessStats.cpuSeconds(servers.kafkaPid());
        double s3 = ProcessStats.cpuSeconds(servers.s3Pid());
        double jit = serviceJit + serversJit(servers);
        return new ServiceSample(pid, servers, Instant.now(), ProcessStats.cpuSeconds(pid), kafka, s3, jit,
                serviceJit);
    }

    /** A scenario that ended now. */
    Measurement stop(int messages, long bytes) throws IOException {
        Instant now = Instant.now();
        return stop(messages, bytes, now, now);
    }

    /**
     * A scenario that ended at {@code ended}, before it was seen to end now:
     * wall time up to {@code ended}, CPU and memory up to now.
     */
    Measurement stop(int messages, long bytes, Instant ended) throws IOException {
        return stop(messages, bytes, ended, Instant.now());
    }

    private Measurement stop(int messages, long bytes, Instant ended, Instant seen) throws IOException {
        double serviceJit = ProcessStats.jitCpuSeconds(pid);
        return new Measurement(seconds(started, ended), ProcessStats.cpuSeconds(pid) - cpuBefore,
                ProcessStats.peakRssMb(pid), messages, bytes,
                ProcessStats.cpuSeconds(servers.kafkaPid()) - kafkaBefore,
                ProcessStats.cpuSeconds(servers.s3Pid()) - s3Before,
                serviceJit + serversJit(servers) - jitBefore, serviceJit - serviceJitBefore,
                seconds(ended, seen));
    }

    static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static double serversJit(Servers servers) throws IOException {
        return ProcessStats.jitCpuSeconds(servers.kafkaPid()) + ProcessStats.jitCpuSeconds(servers.s3Pid());
    }
}
