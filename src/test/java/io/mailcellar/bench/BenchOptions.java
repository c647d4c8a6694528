package io.mailcellar.bench;

import java.nio.file.Path;

/**
 * The benchmark's command line.
 *
 * @param compareJar another build of the service (its {@code quarkus-run.jar}), timed in the same run for an A/B,
 *                   or null
 * @param snapshotCost also run this build with snapshots off, to print what they cost
 */
record BenchOptions(int messages, int runs, boolean disk, boolean peers, int largeMessages, int warmupMessages,
                    int warmupRounds, Path compareJar, String compareLabel, boolean snapshotCost) {

    /** The results' name of this build run with {@code mailcellar.archive.snapshots=false}. */
    static final String WITHOUT_SNAPSHOTS = "no-snapshots";

    private static final String USAGE = """
            bench/run.sh [--messages N] [--runs N] [--disk] [--no-peers] [--no-change-scale N] [--warmup N]
                         [--warmup-rounds N] [--compare-jar PATH [--compare-label NAME]] [--no-snapshot-cost]
              --messages N         size of the generated mailbox (default 10000)
              --runs N             runs per scenario; medians are reported (default 3)
              --disk               put every tool's data on disk (target/bench-work) instead of tmpfs
              --no-peers           measure mailcellar only
              --no-change-scale N  also back up an N-message mailbox (timed as full-N) and time no-change
                                   syncs of it (default 50000, 0 = skip)
              --warmup N           before measuring, let the service back up another N-message mailbox
                                   over IMAP and POP3, as a running service would have (default: as many
                                   as --messages, 0 = skip); its figures are reported as warmup-* scenarios
              --warmup-rounds N    back the warm-up mailbox up again, at most N times in all (default 8),
                                   until the JIT compilers take at most 10 % of a backup's CPU; the
                                   later rounds are reported as settle-* scenarios
              --compare-jar PATH   an A/B: also run this build of the service (e.g. an earlier commit's
                                   target/quarkus-app/quarkus-run.jar) through the same mailcellar scenarios,
                                   alternating run by run with this build, and print the ratios of the medians
              --compare-label NAME its name in the results (default mailcellar-b)
              --no-snapshot-cost   do not also run this build with snapshots off (by default it runs the
                                   mailcellar scenarios as no-snapshots too, alternating run by run, and
                                   prints what snapshots cost)
            """;

    static BenchOptions parse(String[] args) {
        int messages = 10_000;
        int runs = 3;
        boolean disk = false;
        boolean peers = true;
        int large = 50_000;
        Integer warmup = null;
        int warmupRounds = 8;
        Path compareJar = null;
        String compareLabel = "mailcellar-b";
        boolean snapshotCost = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--messages" -> messages = Integer.parseInt(args[++i]);
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--disk" -> disk = true;
                case "--no-peers" -> peers = false;
                case "--no-change-scale" -> large = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--warmup-rounds" -> warmupRounds = Integer.parseInt(args[++i]);
                case "--compare-jar" -> compareJar = Path.of(args[++i]).toAbsolutePath();
                case "--compare-label" -> compareLabel = args[++i];
                case "--no-snapshot-cost" -> snapshotCost = false;
                default -> {
                    System.out.println(USAGE);
                    System.exit(args[i].equals("--help") ? 0 : 2);
                }
            }
        }
        return new BenchOptions(messages, runs, disk, peers, large, warmup == null ? messages : warmup,
                Math.max(1, warmupRounds), compareJar, compareLabel, snapshotCost);
    }
}
