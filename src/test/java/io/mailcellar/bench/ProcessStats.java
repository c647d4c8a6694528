package io.mailcellar.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** CPU time and peak resident memory of a running process, from /proc (Linux). */
final class ProcessStats {

    /** USER_HZ: the unit of utime and stime in /proc/PID/stat on Linux. */
    private static final double TICKS_PER_SECOND = 100.0;

    private ProcessStats() {
    }

    static double cpuSeconds(long pid) throws IOException {
        return cpuSeconds(Path.of("/proc", Long.toString(pid), "stat"));
    }

    /**
     * CPU time of a JVM's JIT compiler threads ({@code C1/C2 CompilerThread*}).
     * A lower bound: the JVM stops compiler threads it no longer needs, and
     * their time leaves the count with them.
     */
    static double jitCpuSeconds(long pid) throws IOException {
        double sum = 0;
        try (var tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks.toList()) {
                try {
                    String name = Files.readString(task.resolve("comm"));
                    if (name.startsWith("C1 CompilerThre") || name.startsWith("C2 CompilerThre")) {
                        sum += cpuSeconds(task.resolve("stat"));
                    }
                } catch (java.nio.file.NoSuchFileException ended) {
                    // The thread ended between the listing and the reading.
                }
            }
        }
        return sum;
    }

    private static double cpuSeconds(Path statFile) throws IOException {
        String stat = Files.readString(statFile);
        // Fields after the command name, which is in parentheses and may hold spaces.
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long utime = Long.parseLong(fields[11]);
        long stime = Long.parseLong(fields[12]);
        return (utime + stime) / TICKS_PER_SECOND;
    }

    /** Resets the peak resident set (VmHWM) so the next reading covers one scenario only. */
    static void resetPeak(long pid) throws IOException {
        Files.writeString(Path.of("/proc", Long.toString(pid), "clear_refs"), "5");
    }

    static double peakRssMb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024.0;
            }
        }
        throw new IOException("no VmHWM for process " + pid);
    }
}
