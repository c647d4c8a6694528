package io.mailcellar.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The targets of docs/performance.md, judged on the medians of one run. */
final class Targets {

    private Targets() {
    }

    /** Medians by "scenario|tool". */
    static List<Map<String, Object>> judge(Map<String, Measurement> m, BenchOptions options) {
        List<Map<String, Object>> targets = new ArrayList<>();
        Measurement full = m.get("full|mailcellar");
        Measurement mbsync = m.get("full|mbsync");
        Measurement offlineimap = m.get("full|offlineimap");
        if (full != null && mbsync != null) {
            targets.add(target("full backup wall <= 3x mbsync", full.wallSeconds() / mbsync.wallSeconds(), 3, true));
            targets.add(target("full backup CPU <= 3x mbsync", full.cpuSeconds() / mbsync.cpuSeconds(), 3, true));
        }
        if (full != null && offlineimap != null) {
            targets.add(target("full backup >= 20x faster than OfflineIMAP",
                    offlineimap.wallSeconds() / full.wallSeconds(), 20, false));
        }
        Measurement quiet = m.get("no-change|mailcellar");
        Measurement quietMbsync = m.get("no-change|mbsync");
        if (quiet != null && quietMbsync != null) {
            targets.add(target("no-change run <= mbsync wall", quiet.wallSeconds() / quietMbsync.wallSeconds(), 1,
                    true));
        }
        Measurement large = m.get("no-change-" + options.largeMessages() + "|mailcellar");
        if (quiet != null && large != null) {
            targets.add(target("no-change independent of size (" + options.largeMessages() + " vs "
                            + options.messages() + " messages, ratio <= 2)",
                    large.wallSeconds() / Math.max(quiet.wallSeconds(), 0.001), 2, true));
        }
        Measurement incremental = m.get("incremental-100|mailcellar");
        Measurement incrementalMbsync = m.get("incremental-100|mbsync");
        if (incremental != null && incrementalMbsync != null) {
            targets.add(target("+100 trigger to archived <= 2x mbsync",
                    incremental.wallSeconds() / incrementalMbsync.wallSeconds(), 2, true));
        }
        Measurement pop3 = m.get("pop3-full|mailcellar");
        Measurement getmail = m.get("pop3-full|getmail6");
        if (pop3 != null && getmail != null) {
            targets.add(target("POP3 full >= 5x faster than getmail6", getmail.wallSeconds() / pop3.wallSeconds(), 5,
                    false));
        }
        if (full != null) {
            targets.add(target("peak RSS during the full backup <= 512 MB", full.peakRssMb(), 512, true));
        }
        Measurement restore = m.get("restore|mailcellar");
        Measurement push = m.get("restore|mbsync-push");
        if (restore != null && push != null) {
            targets.add(target("restore into an empty account <= 2x mbsync pushing a Maildir",
                    restore.wallSeconds() / push.wallSeconds(), 2, true));
        }
        Measurement export = m.get("export-maildir|mailcellar");
        Measurement floor = m.get("export-floor|parallel-get");
        if (export != null && floor != null) {
            targets.add(target("export to Maildir <= 1.5x a parallel GET loop of its objects",
                    export.wallSeconds() / floor.wallSeconds(), 1.5, true));
        }
        if (restore != null) {
            targets.add(target("peak RSS during the restore <= 512 MB", restore.peakRssMb(), 512, true));
        }
        if (export != null) {
            targets.add(target("peak RSS during the export <= 512 MB", export.peakRssMb(), 512, true));
        }
        return targets;
    }

    /**
     * The shortest wall time the full backup could take on this machine if
     * the service itself cost nothing: the CPU Kafka and the S3 server spent
     * on it, spread over every core. It shows how much of the wall-time
     * target the servers leave to the service.
     */
    static Optional<Map<String, Object>> serversFloor(Map<String, Measurement> m, int cores) {
        Measurement full = m.get("full|mailcellar");
        Measurement mbsync = m.get("full|mbsync");
        if (full == null) {
            return Optional.empty();
        }
        double floorSeconds = full.serversCpuSeconds() / cores;
        Map<String, Object> floor = new LinkedHashMap<>();
        floor.put("kafkaCpuSeconds", full.kafkaCpuSeconds());
        floor.put("s3CpuSeconds", full.s3CpuSeconds());
        floor.put("cores", cores);
        floor.put("wallSeconds", Math.round(floorSeconds * 100) / 100.0);
        String text = String.format("Kafka and S3 alone spent %.2f + %.2f CPU-s in the full backup: on %d cores at"
                + " least %.2f s of wall time, before any work of the service's", full.kafkaCpuSeconds(),
                full.s3CpuSeconds(), cores, floorSeconds);
        if (mbsync != null && mbsync.wallSeconds() > 0) {
            floor.put("vsMbsync", Math.round(floorSeconds / mbsync.wallSeconds() * 100) / 100.0);
            text += String.format(" (%.2fx mbsync's)", floorSeconds / mbsync.wallSeconds());
        }
        floor.put("text", text);
        return Optional.of(floor);
    }

    private static Map<String, Object> target(String name, double measured, double limit, boolean atMost) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("target", name);
        target.put("measured", Math.round(measured * 100) / 100.0);
        target.put("met", atMost ? measured <= limit : measured >= limit);
        return target;
    }
}
