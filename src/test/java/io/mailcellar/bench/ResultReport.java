package io.mailcellar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The end of a run: the table of medians, the targets, an A/B of two builds
 * where one was compared, and the result file in {@code bench/results/}
 * (also copied to {@code latest.json}). Result files are kept only for the
 * runs of record that docs/performance.md cites.
 */
final class ResultReport {

    /** An A/B of two builds: each median within this share of the other's. */
    static final double AB_TOLERANCE = 0.10;
    /** CPU seconds below which an A/B does not judge a ratio: ten of /proc's 10 ms clock ticks. */
    private static final double MEASURABLE_CPU = 0.1;

    private ResultReport() {
    }

    /** {@code results} by "scenario|tool", in the order measured. */
    static void write(Map<String, List<Measurement>> results, Map<String, Object> facts, BenchOptions options)
            throws IOException {
        Map<String, Measurement> medians = new LinkedHashMap<>();
        results.forEach((key, runs) -> medians.put(key, Medians.of(runs)));
        printTable(medians);
        List<Map<String, Object>> targets = Targets.judge(medians, options);
        System.out.println();
        targets.forEach(t -> System.out.printf("%-4s %s: %s%n", Boolean.TRUE.equals(t.get("met")) ? "MET" : "MISS",
                t.get("target"), t.get("measured")));
        Targets.serversFloor(medians, (int) facts.get("cores")).ifPresent(floor -> {
            System.out.println(floor.get("text"));
            facts.put("fullBackupServersFloor", floor);
        });
        List<Map<String, Object>> comparison = options.compareJar() == null ? List.of()
                : compare(results, medians, "mailcellar", options.compareLabel(),
                "A/B: mailcellar (this build, a) against " + options.compareLabel() + " (b)");
        List<Map<String, Object>> snapshotCost = !options.snapshotCost() ? List.of()
                : compare(results, medians, "mailcellar", BenchOptions.WITHOUT_SNAPSHOTS,
                "What snapshots cost: this build with snapshots (a) against without (b), done once the run's"
                        + " snapshot is committed");

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("facts", facts);
        Map<String, Object> byScenario = new LinkedHashMap<>();
        results.forEach((key, runs) -> byScenario.put(key.replace('|', '/'),
                Map.of("runs", runs, "median", medians.get(key))));
        json.put("results", byScenario);
        json.put("targets", targets);
        if (!comparison.isEmpty()) {
            json.put("comparison", comparison);
        }
        if (!snapshotCost.isEmpty()) {
            json.put("snapshotCost", snapshotCost);
        }
        Path dir = Files.createDirectories(Path.of("bench/results"));
        String name = Instant.now().toString().replace(':', '-') + ".json";
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules()
                .writeValue(dir.resolve(name).toFile(), json);
        Files.copy(dir.resolve(name), dir.resolve("latest.json"), StandardCopyOption.REPLACE_EXISTING);
        System.out.println("\nwritten to bench/results/" + name);
    }

    private static void printTable(Map<String, Measurement> medians) {
        System.out.println();
        System.out.printf("%-32s %-14s %9s %9s %9s %9s %10s %8s %10s %11s %9s %9s%n", "scenario", "tool", "wall s",
                "cpu s", "its jit s", "RSS MB", "msgs/s", "MB/s", "vs mbsync", "kafka cpu s", "s3 cpu s", "jit cpu s");
        medians.forEach((key, m) -> {
            String[] parts = key.split("\\|");
            Measurement mbsync = medians.get(parts[0] + "|mbsync");
            String ratio = mbsync == null || mbsync.wallSeconds() == 0 ? ""
                    : String.format("%.2fx", m.wallSeconds() / mbsync.wallSeconds());
            System.out.printf("%-32s %-14s %9.2f %9.2f %9.2f %9.0f %10.0f %8.1f %10s %11.2f %9.2f %9.2f%n", parts[0],
                    parts[1], m.wallSeconds(), m.cpuSeconds(), m.serviceJitCpuSeconds(), m.peakRssMb(),
                    m.messagesPerSecond(), m.megabytesPerSecond(), ratio, m.kafkaCpuSeconds(), m.s3CpuSeconds(),
                    m.jitCpuSeconds());
        });
    }

    /**
     * Build {@code a} against build {@code b}, scenario by scenario (the
     * warm-up's own rows left out): the ratios of their medians of wall time,
     * of CPU, and of CPU without the service's own JIT compilers. Two builds
     * settle their compilers at different rounds, so the compilers' share
     * differs between them by more than the code does; the work itself is
     * the CPU without them. A scenario counts as the same when its wall time
     * and its CPU without the compilers are within the tolerance (the CPU
     * only where it is measurable: at least ten clock ticks).
     */
    private static List<Map<String, Object>> compare(Map<String, List<Measurement>> results,
                                                     Map<String, Measurement> medians, String a, String b,
                                                     String title) {
        List<Map<String, Object>> rows = new ArrayList<>();
        System.out.printf("%n%s, medians; within %.0f %% counts as the same%n", title, AB_TOLERANCE * 100);
        System.out.printf("%-28s %9s %9s %7s %8s %8s %7s %12s %12s %7s%n", "scenario", "wall a", "wall b", "a/b",
                "cpu a", "cpu b", "a/b", "cpu-jit a", "cpu-jit b", "a/b");
        medians.forEach((key, mine) -> {
            String[] parts = key.split("\\|");
            Measurement theirs = medians.get(parts[0] + "|" + b);
            if (!parts[1].equals(a) || theirs == null || parts[0].startsWith("warmup-")
                    || parts[0].startsWith("settle-")) {
                return;
            }
            double wall = ratio(mine.wallSeconds(), theirs.wallSeconds());
            double cpu = ratio(mine.cpuSeconds(), theirs.cpuSeconds());
            double mineWork = Medians.median(results.get(key), ResultReport::cpuWithoutJit);
            double theirWork = Medians.median(results.get(parts[0] + "|" + b), ResultReport::cpuWithoutJit);
            double work = ratio(mineWork, theirWork);
            // /proc counts CPU in 10 ms ticks: below ten of them a ratio measures the clock, not the code.
            boolean same = within(wall) && (mineWork < MEASURABLE_CPU && theirWork < MEASURABLE_CPU || within(work));
            System.out.printf("%-28s %9.3f %9.3f %7.3f %8.2f %8.2f %7.3f %12.2f %12.2f %7.3f%s%n", parts[0],
                    mine.wallSeconds(), theirs.wallSeconds(), wall, mine.cpuSeconds(), theirs.cpuSeconds(), cpu,
                    mineWork, theirWork, work, same ? "" : "  DIFFERS");
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("scenario", parts[0]);
            row.put("wallRatio", Math.round(wall * 1000) / 1000.0);
            row.put("cpuRatio", Math.round(cpu * 1000) / 1000.0);
            row.put("cpuWithoutJitRatio", Math.round(work * 1000) / 1000.0);
            row.put("withinTolerance", same);
            rows.add(row);
        });
        return rows;
    }

    private static double cpuWithoutJit(Measurement run) {
        return run.cpuSeconds() - run.serviceJitCpuSeconds();
    }

    private static double ratio(double a, double b) {
        return b == 0 ? (a == 0 ? 1 : Double.POSITIVE_INFINITY) : a / b;
    }

    private static boolean within(double ratio) {
        return ratio >= 1 - AB_TOLERANCE && ratio <= 1 / (1 - AB_TOLERANCE);
    }
}
