package io.mailcellar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.TestFiles;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/**
 * mailcellar against mbsync, OfflineIMAP and getmail6 on the same Dovecot
 * mailbox, in the same run: full backup, no-change sync, +100 new messages,
 * POP3 full backup. Prints a table of medians and writes bench/results/*.json.
 * Run it with {@code bench/run.sh}; {@code --help} lists the options.
 */
public final class Benchmark {

    private static final String USER = "bench@localhost";
    private static final String PASSWORD = "bench-password";
    private static final String BUCKET = "bench";
    /** The warm-up is done once the JIT compilers take at most this share of a full backup's CPU. */
    private static final double SETTLED_JIT_SHARE = 0.10;

    private final Options options;
    private final Map<String, List<Measurement>> results = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private Servers servers;
    private StoredMessages stored;

    private Benchmark(Options options) {
        this.options = options;
    }

    record Options(int messages, int runs, boolean disk, boolean peers, int largeMessages, int warmupMessages,
                   int warmupRounds) {

        static Options parse(String[] args) {
            int messages = 10_000;
            int runs = 3;
            boolean disk = false;
            boolean peers = true;
            int large = 50_000;
            Integer warmup = null;
            int warmupRounds = 8;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--messages" -> messages = Integer.parseInt(args[++i]);
                    case "--runs" -> runs = Integer.parseInt(args[++i]);
                    case "--disk" -> disk = true;
                    case "--no-peers" -> peers = false;
                    case "--no-change-scale" -> large = Integer.parseInt(args[++i]);
                    case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                    case "--warmup-rounds" -> warmupRounds = Integer.parseInt(args[++i]);
                    default -> {
                        System.out.println("""
                                bench/run.sh [--messages N] [--runs N] [--disk] [--no-peers] [--no-change-scale N] [--warmup N]
                                             [--warmup-rounds N]
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
                                """);
                        System.exit(args[i].equals("--help") ? 0 : 2);
                    }
                }
            }
            return new Options(messages, runs, disk, peers, large, warmup == null ? messages : warmup,
                    Math.max(1, warmupRounds));
        }
    }

    public static void main(String[] args) throws Exception {
        new Benchmark(Options.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = options.disk() ? Path.of("target/bench-work").toAbsolutePath()
                : Path.of("/dev/shm/mailcellar-bench");
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        facts.put("medium", options.disk() ? "disk" : "tmpfs");
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        facts.put("started", Instant.now().toString());

        Path serverJars = Path.of("target/local-servers").toAbsolutePath();
        Dovecot dovecot = Dovecot.start(work.resolve("dovecot"));
        var owner = work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        GeneratedAccount account = generatedAccount(dovecot, work, owner, USER, 42, options.messages());
        MailboxGenerator generator = account.generator();
        MailboxGenerator.Generated mailbox = account.mailbox();
        facts.put("mailbox", mailbox);
        System.out.printf("mailbox: %d messages (%d unique), %.0f MB, INBOX %d; %s, %d cores%n", mailbox.messages(),
                mailbox.unique(), mailbox.bytes() / 1e6, mailbox.inboxMessages(), facts.get("medium"), facts.get("cores"));

        S3Server s3 = S3Server.start(serverJars.resolve("s3proxy/s3proxy.jar"), work.resolve("s3"), FreePorts.next());
        KafkaBroker kafka = KafkaBroker.start(serverJars.resolve("kafka"), work.resolve("kafka"), FreePorts.next());
        this.servers = new Servers(kafka.pid(), s3.pid());
        this.stored = new StoredMessages(s3.bucketDir(BUCKET));
        ServiceProcess service = ServiceProcess.startWith(Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath(),
                jvmOptions(work), serviceEnv(kafka, s3),
                work.resolve("mailcellar.log"), Duration.ofSeconds(120), FreePorts.next());
        Peers peers = new Peers(work, dovecot.imapPort(), dovecot.pop3Port(), USER, PASSWORD);
        try {
            if (options.warmupMessages() > 0) {
                warmUp(service, kafka, dovecot, work, owner);
            }
            for (int run = 1; run <= options.runs(); run++) {
                mailcellarImap(service, kafka, dovecot, USER, generator, mailbox, "", run);
                if (options.peers()) {
                    peerImap("mbsync", peers::mbsync, peers, dovecot, generator, mailbox, run);
                    peerImap("offlineimap", peers::offlineimap, peers, dovecot, generator, mailbox, run);
                }
                mailcellarPop3(service, kafka, dovecot, USER, mailbox, "", run);
                if (options.peers()) {
                    Measurement getmail = getmail(peers, mailbox, run);
                    if (getmail != null) {
                        record("pop3-full", "getmail6", getmail);
                    }
                }
            }
            if (options.largeMessages() > 0) {
                noChangeAtScale(service, kafka, dovecot, work, owner);
            }
        } finally {
            service.close();
            kafka.close();
            s3.close();
            dovecot.close();
            // What was measured is reported even when a later scenario failed.
            report();
        }
    }

    /**
     * The service's JVM: a heap far below the 512 MB target (-Dbench.heap=… to try another), the
     * image's serial collector (-Dbench.gc=G1 to try another); -Dbench.jfr=true also records a
     * profile; -Dbench.service-jvm-options="…" adds options (space-separated), e.g. a profiler agent.
     */
    private static List<String> jvmOptions(Path work) {
        List<String> options = new ArrayList<>(List.of("-Xmx" + System.getProperty("bench.heap", "256m"),
                "-XX:MaxMetaspaceSize=128m", "-XX:+Use" + System.getProperty("bench.gc", "Serial") + "GC"));
        if (Boolean.getBoolean("bench.jfr")) {
            options.add("-XX:StartFlightRecording=filename=" + work.resolve("mailcellar.jfr") + ",settings=profile");
        }
        String extra = System.getProperty("bench.service-jvm-options", "").strip();
        if (!extra.isEmpty()) {
            options.addAll(List.of(extra.split("\\s+")));
        }
        return options;
    }

    private Map<String, String> serviceEnv(KafkaBroker kafka, S3Server s3) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_KAFKA_TOPIC_PREFIX", "bench.");
        env.put("MAILCELLAR_S3_ENDPOINT", s3.endpoint());
        env.put("MAILCELLAR_S3_BUCKET", BUCKET);
        env.put("MAILCELLAR_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        env.put("MAILCELLAR_S3_SECRET_KEY", S3Server.SECRET_KEY);
        env.put("MAILCELLAR_SEALING_KEYS_BENCH", Base64.getEncoder().encodeToString(key));
        env.put("MAILCELLAR_SEALING_ACTIVE_KEY", "bench");
        env.put("MAILCELLAR_API_TOKENS_BENCH", io.mailcellar.testsupport.ServiceEnv.API_TOKEN);
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        // As the image sets it (src/main/docker/Dockerfile.jvm): the service runs as it would in production.
        env.put("MALLOC_ARENA_MAX", "2");
        return env;
    }

    /**
     * The service is timed as it runs in production: already running for a
     * while. On two cores shared with Kafka and S3Proxy, a fresh JVM spends
     * minutes compiling (in a profile of a first 3,000-message backup, the JIT
     * compiler took about 45 % of the process's CPU, and still a third after
     * a 3,000-message warm-up), so a different mailbox of the same size goes
     * through every path first. Its figures are kept as warmup-* scenarios:
     * what the first backup after a start costs; the jit column shows what
     * compiling still costs in each scenario.
     *
     * <p>One backup does not settle the compilers: a method called once per
     * message is compiled by C2 only after thousands of calls, and after a
     * 3,000-message warm-up they still took half of the next backup's CPU.
     * So the warm-up mailbox is backed up again (settle-*), until the
     * compilers take at most {@link #SETTLED_JIT_SHARE} of a backup's CPU
     * or {@code --warmup-rounds} is reached. On two cores that took five to
     * eight rounds: a cap of four stopped with the compilers still at a
     * fifth to a quarter of the CPU, and much of the code still in its
     * slower, profiling first tier.
     */
    private void warmUp(ServiceProcess service, KafkaBroker kafka, Dovecot dovecot, Path work,
                        java.nio.file.attribute.UserPrincipal owner) throws Exception {
        String user = "warmup@localhost";
        GeneratedAccount account = generatedAccount(dovecot, work, owner, user, 7, options.warmupMessages());
        MailboxGenerator.Generated mailbox = account.mailbox();
        for (int round = 1; round <= options.warmupRounds(); round++) {
            String prefix = round == 1 ? "warmup-" : "settle-";
            String imapId = mailcellarImap(service, kafka, dovecot, user, account.generator(), mailbox, prefix, round);
            String pop3Id = mailcellarPop3(service, kafka, dovecot, user, mailbox, prefix, round);
            // Not needed again: on tmpfs they hold memory the measured runs need.
            stored.delete(imapId);
            stored.delete(pop3Id);
            Measurement full = last(prefix + "full");
            double jitShare = full.jitCpuSeconds() / Math.max(0.01, full.cpuSeconds() + full.serversCpuSeconds());
            System.out.printf("  warm-up round %d: the JIT compilers took %.0f %% of the full backup's CPU%n",
                    round, jitShare * 100);
            facts.put("warmupRounds", round);
            if (jitShare <= SETTLED_JIT_SHARE) {
                break;
            }
        }
    }

    private Measurement last(String scenario) {
        List<Measurement> runs = results.get(scenario + "|mailcellar");
        return runs.get(runs.size() - 1);
    }

    /** A generated mailbox and its generator, which can deliver more mail to it. */
    private record GeneratedAccount(MailboxGenerator generator, MailboxGenerator.Generated mailbox) {
    }

    /** A Dovecot account holding a generated mailbox (seeded), indexed before any tool reads it. */
    private static GeneratedAccount generatedAccount(Dovecot dovecot, Path work,
                                                     java.nio.file.attribute.UserPrincipal owner, String user,
                                                     long seed, int messages) throws Exception {
        dovecot.addUser(user, PASSWORD);
        Path maildir = work.resolve("dovecot/home").resolve(user).resolve("Maildir");
        Files.createDirectories(maildir);
        MailboxGenerator generator = new MailboxGenerator(maildir, owner, seed);
        MailboxGenerator.Generated mailbox = generator.generate(messages);
        dovecot.doveadm("force-resync", "-u", user, "*");
        return new GeneratedAccount(generator, mailbox);
    }

    /** Backs the account up over IMAP from scratch, then times a no-change and a +100 run; answers the mailbox id. */
    private String mailcellarImap(ServiceProcess service, KafkaBroker kafka, Dovecot dovecot, String user,
                                MailboxGenerator generator, MailboxGenerator.Generated mailbox, String prefix,
                                int run) throws Exception {
        ServiceApi api = new ServiceApi(service);
        Sample sample = Sample.start(service, servers);
        String id = register(service, user, "imap", dovecot.imapPort(), "bench imap " + prefix + run);
        Instant archived = awaitArchived(Duration.ofMinutes(30), id, mailbox.unique());
        record(prefix + "full", "mailcellar", sample.stop(mailbox.messages(), mailbox.bytes(), archived));

        try (MailEvents events = new MailEvents(kafka.bootstrapServers(), "bench.mail-events", id)) {
            awaitUntil(Duration.ofMinutes(5), () -> events.completedRuns() >= 1);
            sample = Sample.start(service, servers);
            api.syncAndAwait(id, events);
            Measurement trigger = sample.stop(0, 0);
            double runSeconds = RunTimes.of(events.lastCompletedJson()).seconds();
            record(prefix + "no-change", "mailcellar",
                    new Measurement(runSeconds, trigger.cpuSeconds(), trigger.peakRssMb(), 0, 0));
            record(prefix + "no-change-trigger-to-done", "mailcellar", trigger);

            long bytes = generator.deliver(100);
            long before = stored.of(id);
            int runsBefore = events.completedRuns();
            sample = Sample.start(service, servers);
            api.requestSync(id);
            archived = awaitArchived(Duration.ofMinutes(5), id, before + 100);
            record(prefix + "incremental-100", "mailcellar", sample.stop(100, bytes, archived));
            awaitUntil(Duration.ofMinutes(1), () -> events.completedRuns() > runsBefore);
            printIncrementalSplit(sample.started(), events.lastCompletedJson(), archived);
        }
        removeDelivered(dovecot, user);
        unregister(service, id);
        return id;
    }

    /** Backs the account's INBOX up over POP3 from scratch; answers the mailbox id. */
    private String mailcellarPop3(ServiceProcess service, KafkaBroker kafka, Dovecot dovecot, String user,
                                MailboxGenerator.Generated mailbox, String prefix, int run) throws Exception {
        Sample sample = Sample.start(service, servers);
        String id = register(service, user, "pop3", dovecot.pop3Port(), "bench pop3 " + prefix + run);
        Instant archived = awaitArchived(Duration.ofMinutes(30), id, mailbox.inboxUnique());
        record(prefix + "pop3-full", "mailcellar", sample.stop(mailbox.inboxMessages(), mailbox.inboxBytes(),
                archived));
        try (MailEvents events = new MailEvents(kafka.bootstrapServers(), "bench.mail-events", id)) {
            awaitUntil(Duration.ofMinutes(5), () -> events.completedRuns() >= 1);
        }
        unregister(service, id);
        return id;
    }

    private interface PeerConfig {
        List<String> command(Path dir) throws IOException;
    }

    private void peerImap(String tool, PeerConfig config, Peers peers, Dovecot dovecot, MailboxGenerator generator,
                          MailboxGenerator.Generated mailbox, int run) throws Exception {
        Path dir = peers.fresh(tool, run);
        List<String> command = config.command(dir);
        Path log = dir.resolve("log");
        record("full", tool, TimedCommand.run(command, dir, log, mailbox.messages(), mailbox.bytes()));
        record("no-change", tool, TimedCommand.run(command, dir, log, 0, 0));
        long bytes = generator.deliver(100);
        record("incremental-100", tool, TimedCommand.run(command, dir, log, 100, bytes));
        removeDelivered(dovecot, USER);
        // The copies are not needed again; on tmpfs they hold memory the 50,000-message check needs.
        TestFiles.deleteTree(dir);
    }

    /**
     * The scale check: a no-change run on a mailbox several times larger
     * should cost about the same. Its full backup is timed too (once), to show
     * whether the cost per message grows with the mailbox.
     */
    private void noChangeAtScale(ServiceProcess service, KafkaBroker kafka, Dovecot dovecot, Path work,
                                 java.nio.file.attribute.UserPrincipal owner) throws Exception {
        String user = "large@localhost";
        MailboxGenerator.Generated large =
                generatedAccount(dovecot, work, owner, user, 4242, options.largeMessages()).mailbox();
        ServiceApi api = new ServiceApi(service);
        Sample sample = Sample.start(service, servers);
        String id = register(service, user, "imap", dovecot.imapPort(), "bench large");
        Instant archived = awaitArchived(Duration.ofMinutes(60), id, large.unique());
        record("full-" + options.largeMessages(), "mailcellar", sample.stop(large.messages(), large.bytes(),
                archived));
        try (MailEvents events = new MailEvents(kafka.bootstrapServers(), "bench.mail-events", id)) {
            awaitUntil(Duration.ofMinutes(5), () -> events.completedRuns() >= 1);
            for (int run = 1; run <= options.runs(); run++) {
                api.syncAndAwait(id, events);
                record("no-change-" + options.largeMessages(), "mailcellar",
                        new Measurement(RunTimes.of(events.lastCompletedJson()).seconds(), 0, 0, 0, 0));
            }
        }
        unregister(service, id);
    }

    private void removeDelivered(Dovecot dovecot, String user) {
        // Keep every tool's mailbox the same: the 100 new messages go again after each incremental run.
        dovecot.doveadm("expunge", "-u", user, "mailbox", "INBOX", "header", "X-Bench", "incremental");
    }

    private static String register(ServiceProcess service, String user, String protocol, int port, String name) {
        return new ServiceApi(service).registerId(name, protocol, port, user, PASSWORD);
    }

    private static void unregister(ServiceProcess service, String id) {
        service.request().delete("/api/v1/mailboxes/" + id).then().statusCode(204);
    }

    /**
     * Where the +100 time goes: from the trigger until the poll started (the
     * request through Kafka to the poller), the poll itself (IMAP fetch and
     * publishing), and from its end until the last message was archived.
     */
    private static void printIncrementalSplit(Instant triggered, String completedJson, Instant archived) {
        RunTimes run = RunTimes.of(completedJson);
        System.out.printf("    trigger to poll start %.3f s, poll %.3f s, poll end to archived %.3f s%n",
                seconds(triggered, run.started()), run.seconds(), seconds(run.ended(), archived));
    }

    /** When a poll started and ended, from its {@code sync.completed} event. */
    private record RunTimes(Instant started, Instant ended) {
        static RunTimes of(String completedJson) {
            return new RunTimes(
                    Instant.parse(completedJson.replaceAll("(?s).*\"started\":\"([^\"]+)\".*", "$1")),
                    Instant.parse(completedJson.replaceAll("(?s).*\"ended\":\"([^\"]+)\".*", "$1")));
        }

        double seconds() {
            return Benchmark.seconds(started, ended);
        }
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private void record(String scenario, String tool, Measurement measurement) {
        results.computeIfAbsent(scenario + "|" + tool, k -> new ArrayList<>()).add(measurement);
        System.out.printf("  %-32s %-12s %8.2f s wall %8.2f s cpu (%.2f jit) %8.0f MB %8.2f s kafka cpu %8.2f s s3 cpu"
                        + " %8.2f s jit cpu of all%s%n", scenario, tool, measurement.wallSeconds(), measurement.cpuSeconds(),
                measurement.serviceJitCpuSeconds(), measurement.peakRssMb(), measurement.kafkaCpuSeconds(),
                measurement.s3CpuSeconds(), measurement.jitCpuSeconds(), measurement.seenLateSeconds() > 0
                        ? String.format(" (seen done %.3f s later)", measurement.seenLateSeconds()) : "");
    }

    /**
     * getmail6 now and then gives up on its own delivery child ("waiting child
     * pid … timed out": it can miss the child's exit signal), so a failed run
     * is said and tried once more in a fresh folder; after a second failure
     * that run has no getmail6 figure (null), and the benchmark goes on.
     */
    private static Measurement getmail(Peers peers, MailboxGenerator.Generated mailbox, int run) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Path dir = peers.fresh("getmail", run);
            try {
                return TimedCommand.run(peers.getmail(dir), dir, dir.resolve("log"), mailbox.inboxMessages(),
                        mailbox.inboxBytes());
            } catch (IOException e) {
                System.out.println("  getmail6 failed" + (attempt == 1 ? ", trying once more: " : " again, run "
                        + run + " has no getmail6 figure: ") + e.getMessage() + "\n    "
                        + String.join("\n    ", Files.readAllLines(dir.resolve("log")).stream()
                                .filter(line -> line.contains("error")).toList()));
                if (attempt == 2) {
                    return null;
                }
            } finally {
                TestFiles.deleteTree(dir);
            }
        }
    }

    /**
     * Waits until the mailbox has {@code count} objects in the bucket and
     * answers when the last of them was written. Counting finds them done up
     * to 20 ms or 5 % late (see {@link #awaitUntil}); the moment itself is
     * the newest object's write time in S3Proxy's store, kept between the
     * start of the last count that found some missing (whatever was there by
     * then would have been counted) and the end of the count that found all.
     */
    private Instant awaitArchived(Duration timeout, String mailboxId, long count) throws InterruptedException {
        Instant[] lastIncomplete = {Instant.MIN};
        awaitUntil(timeout, () -> {
            Instant counting = Instant.now();
            boolean done = stored.of(mailboxId) >= count;
            if (!done) {
                lastIncomplete[0] = counting;
            }
            return done;
        });
        Instant seen = Instant.now();
        Instant written = stored.newestWrite(mailboxId).orElse(seen);
        return written.isBefore(lastIncomplete[0]) ? lastIncomplete[0] : written.isAfter(seen) ? seen : written;
    }

    /**
     * Polls the condition every 5 % of the time waited so far, between 20 ms
     * and 1 s: it is seen to hold at most 20 ms or 5 % late, and the polling
     * itself does not weigh on long scenarios. (Growing the pause by half
     * each time over-timed a 0.8 s scenario by up to a third.)
     */
    private static void awaitUntil(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("not done within " + timeout);
            }
            long waitedMs = (System.nanoTime() - start) / 1_000_000;
            Thread.sleep(Math.max(20, Math.min(1000, waitedMs / 20)));
        }
    }

    private void report() throws IOException {
        Map<String, Measurement> medians = new LinkedHashMap<>();
        results.forEach((key, runs) -> medians.put(key, median(runs)));
        System.out.println();
        System.out.printf("%-32s %-12s %9s %9s %9s %9s %10s %8s %10s %11s %9s %9s%n", "scenario", "tool", "wall s",
                "cpu s", "its jit s", "RSS MB", "msgs/s", "MB/s", "vs mbsync", "kafka cpu s", "s3 cpu s", "jit cpu s");
        medians.forEach((key, m) -> {
            String[] parts = key.split("\\|");
            Measurement mbsync = medians.get(parts[0] + "|mbsync");
            String ratio = mbsync == null || mbsync.wallSeconds() == 0 ? "" : String.format("%.2fx", m.wallSeconds() / mbsync.wallSeconds());
            System.out.printf("%-32s %-12s %9.2f %9.2f %9.2f %9.0f %10.0f %8.1f %10s %11.2f %9.2f %9.2f%n", parts[0],
                    parts[1], m.wallSeconds(), m.cpuSeconds(), m.serviceJitCpuSeconds(), m.peakRssMb(),
                    m.messagesPerSecond(), m.megabytesPerSecond(), ratio, m.kafkaCpuSeconds(), m.s3CpuSeconds(),
                    m.jitCpuSeconds());
        });
        List<Map<String, Object>> targets = targets(medians);
        System.out.println();
        targets.forEach(t -> System.out.printf("%-4s %s: %s%n", Boolean.TRUE.equals(t.get("met")) ? "MET" : "MISS",
                t.get("target"), t.get("measured")));

        serversFloor(medians).ifPresent(floor -> {
            System.out.println(floor.get("text"));
            facts.put("fullBackupServersFloor", floor);
        });

        Map<String, Object> json = new LinkedHashMap<>();
        json.put("facts", facts);
        Map<String, Object> byScenario = new LinkedHashMap<>();
        results.forEach((key, runs) -> byScenario.put(key.replace('|', '/'),
                Map.of("runs", runs, "median", medians.get(key))));
        json.put("results", byScenario);
        json.put("targets", targets);
        Path dir = Files.createDirectories(Path.of("bench/results"));
        String name = Instant.now().toString().replace(':', '-') + ".json";
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).findAndRegisterModules()
                .writeValue(dir.resolve(name).toFile(), json);
        Files.copy(dir.resolve(name), dir.resolve("latest.json"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.println("\nwritten to bench/results/" + name);
    }

    private List<Map<String, Object>> targets(Map<String, Measurement> m) {
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
            targets.add(target("no-change run <= mbsync wall", quiet.wallSeconds() / quietMbsync.wallSeconds(), 1, true));
        }
        Measurement large = m.get("no-change-" + options.largeMessages() + "|mailcellar");
        if (quiet != null && large != null) {
            targets.add(target("no-change independent of size (" + options.largeMessages() + " vs "
                    + options.messages() + " messages, ratio <= 2)", large.wallSeconds() / Math.max(quiet.wallSeconds(), 0.001), 2, true));
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
            targets.add(target("POP3 full >= 5x faster than getmail6", getmail.wallSeconds() / pop3.wallSeconds(), 5, false));
        }
        if (full != null) {
            targets.add(target("peak RSS during the full backup <= 512 MB", full.peakRssMb(), 512, true));
        }
        return targets;
    }

    /**
     * The shortest wall time the full backup could take on this machine if
     * the service itself cost nothing: the CPU Kafka and the S3 server spent
     * on it, spread over every core. It shows how much of the wall-time
     * target the servers leave to the service.
     */
    private Optional<Map<String, Object>> serversFloor(Map<String, Measurement> m) {
        Measurement full = m.get("full|mailcellar");
        Measurement mbsync = m.get("full|mbsync");
        if (full == null) {
            return Optional.empty();
        }
        int cores = (int) facts.get("cores");
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

    private static Measurement median(List<Measurement> runs) {
        return new Measurement(medianOf(runs, Measurement::wallSeconds), medianOf(runs, Measurement::cpuSeconds),
                medianOf(runs, Measurement::peakRssMb), runs.get(0).messages(), runs.get(0).bytes(),
                medianOf(runs, Measurement::kafkaCpuSeconds), medianOf(runs, Measurement::s3CpuSeconds),
                medianOf(runs, Measurement::jitCpuSeconds), medianOf(runs, Measurement::serviceJitCpuSeconds),
                medianOf(runs, Measurement::seenLateSeconds));
    }

    private static double medianOf(List<Measurement> runs, java.util.function.ToDoubleFunction<Measurement> value) {
        double[] sorted = runs.stream().mapToDouble(value).sorted().toArray();
        return sorted.length % 2 == 1 ? sorted[sorted.length / 2]
                : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
    }

    /** The process ids of the local Kafka broker and S3 server, whose CPU a backup through mailcellar costs too. */
    private record Servers(long kafkaPid, long s3Pid) {
    }

    /**
     * CPU and peak memory of the service process, CPU of its servers, and the
     * JIT compilers' CPU of all three, across one scenario.
     */
    private record Sample(long pid, Servers servers, Instant started, double cpuBefore, double kafkaBefore,
                          double s3Before, double jitBefore, double serviceJitBefore) {

        static Sample start(ServiceProcess service, Servers servers) throws IOException {
            ProcessStats.resetPeak(service.pid());
            long pid = service.pid();
            double serviceJit = ProcessStats.jitCpuSeconds(pid);
            double kafka = ProcessStats.cpuSeconds(servers.kafkaPid());
            double s3 = ProcessStats.cpuSeconds(servers.s3Pid());
            double jit = serviceJit + serversJit(servers);
            return new Sample(pid, servers, Instant.now(), ProcessStats.cpuSeconds(pid), kafka, s3, jit, serviceJit);
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

        private static double serversJit(Servers servers) throws IOException {
            return ProcessStats.jitCpuSeconds(servers.kafkaPid()) + ProcessStats.jitCpuSeconds(servers.s3Pid());
        }
    }
}
