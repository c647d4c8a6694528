package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.MailEvents;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.ServiceApi;
import io.mailcellar.testsupport.ServiceProcess;
import io.mailcellar.testsupport.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * mailcellar against mbsync, OfflineIMAP and getmail6 on the same Dovecot
 * mailbox, in the same run: full backup, no-change sync, +100 new messages,
 * POP3 full backup; with {@code --compare-jar}, two builds of mailcellar too.
 * This class runs the scenarios; {@link BenchOptions} reads the command line,
 * {@link ServiceSample} samples the processes, {@link RunFacts} records what
 * was measured on what, and {@link ResultReport} prints the medians, the
 * {@link Targets} and writes bench/results/*.json. Run it with
 * {@code bench/run.sh}; {@code --help} lists the options.
 */
public final class Benchmark {

    private static final String USER = "bench@localhost";
    private static final String PASSWORD = "bench-password";
    private static final String BUCKET = "bench";
    /** The warm-up is done once the JIT compilers take at most this share of a full backup's CPU. */
    private static final double SETTLED_JIT_SHARE = 0.10;

    private final BenchOptions options;
    private final Map<String, List<Measurement>> results = new LinkedHashMap<>();
    private final Map<String, Object> facts = new LinkedHashMap<>();
    private ServiceSample.Servers servers;
    private String kafkaBootstrap;
    private S3Server s3;
    private Path work;

    private Benchmark(BenchOptions options) {
        this.options = options;
    }

    /**
     * One build of the service under test: its process, its results' tool name, and its own topics and bucket on
     * the shared Kafka and S3 server, so two builds compared in one run never see each other's data.
     */
    private record Subject(String label, ServiceProcess service, String topicPrefix, StoredMessages stored,
                           boolean snapshots) {

        String mailEvents() {
            return topicPrefix + "mail-events";
        }
    }

    public static void main(String[] args) throws Exception {
        new Benchmark(BenchOptions.parse(args)).run();
        System.exit(0);
    }

    private void run() throws Exception {
        Path work = options.disk() ? Path.of("target/bench-work").toAbsolutePath()
                : Path.of("/dev/shm/mailcellar-bench");
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        Path serverJars = Path.of("target/local-servers").toAbsolutePath();
        facts.putAll(RunFacts.collect(serverJars));
        facts.put("medium", options.disk() ? "disk" : "tmpfs");
        facts.put("started", Instant.now().toString());
        if (options.compareJar() != null) {
            facts.put("comparedWith", Map.of("label", options.compareLabel(), "jar", options.compareJar().toString()));
        }
        System.out.printf("commit %s%s, %s, %s%n", facts.get("commit"),
                Boolean.TRUE.equals(facts.get("uncommittedChanges")) ? " (with uncommitted changes)" : "",
                facts.get("jdk"), facts.get("cpu"));

        Dovecot dovecot = Dovecot.start(work.resolve("dovecot"));
        var owner = work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        GeneratedAccount account = generatedAccount(dovecot, work, owner, USER, 42, options.messages());
        MailboxGenerator generator = account.generator();
        MailboxGenerator.Generated mailbox = account.mailbox();
        facts.put("mailbox", mailbox);
        System.out.printf("mailbox: %d messages (%d unique), %.0f MB, INBOX %d; %s, %d cores%n", mailbox.messages(),
                mailbox.unique(), mailbox.bytes() / 1e6, mailbox.inboxMessages(), facts.get("medium"), facts.get("cores"));

        S3Server s3 = S3Server.start(serverJars.resolve("s3proxy/s3proxy.jar"), work.resolve("s3"), FreePorts.next());
        this.s3 = s3;
        this.work = work;
        KafkaBroker kafka = KafkaBroker.start(serverJars.resolve("kafka"), work.resolve("kafka"), FreePorts.next());
        this.servers = new ServiceSample.Servers(kafka.pid(), s3.pid());
        this.kafkaBootstrap = kafka.bootstrapServers();
        List<Subject> subjects = new ArrayList<>();
        Peers peers = new Peers(work, dovecot.imapPort(), dovecot.pop3Port(), USER, PASSWORD);
        try {
            Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();
            subjects.add(subject("mailcellar", jar, "bench.", BUCKET, work, kafka, s3, true));
            if (options.compareJar() != null) {
                subjects.add(subject(options.compareLabel(), options.compareJar(), "bench-b.", BUCKET + "-b", work,
                        kafka, s3, true));
            }
            if (options.snapshotCost()) {
                subjects.add(subject(BenchOptions.WITHOUT_SNAPSHOTS, jar, "bench-ns.", BUCKET + "-ns", work, kafka,
                        s3, false));
            }
            if (options.warmupMessages() > 0) {
                for (Subject subject : subjects) {
                    warmUp(subject, dovecot, work, owner);
                }
            }
            for (int run = 1; run <= options.runs(); run++) {
                // Two builds alternate run by run, so the machine's drift weighs on both alike.
                for (Subject subject : subjects) {
                    mailcellarImap(subject, dovecot, USER, generator, mailbox, "", run);
                }
                if (options.peers()) {
                    peerImap("mbsync", peers::mbsync, peers, dovecot, generator, mailbox, run);
                    peerImap("offlineimap", peers::offlineimap, peers, dovecot, generator, mailbox, run);
                }
                for (Subject subject : subjects) {
                    mailcellarPop3(subject, dovecot, USER, mailbox, "", run);
                }
                if (options.peers()) {
                    Measurement getmail = getmail(peers, mailbox, run);
                    if (getmail != null) {
                        record("pop3-full", "getmail6", getmail);
                    }
                }
            }
            if (options.largeMessages() > 0) {
                noChangeAtScale(subjects.get(0), dovecot, work, owner);
            }
        } finally {
            subjects.forEach(subject -> subject.service().close());
            kafka.close();
            s3.close();
            dovecot.close();
            // What was measured is reported even when a later scenario failed.
            ResultReport.write(results, facts, options);
        }
    }

    private Subject subject(String label, Path jar, String topicPrefix, String bucket, Path work, KafkaBroker kafka,
                            S3Server s3, boolean snapshots) {
        Map<String, String> env = serviceEnv(kafka, s3, topicPrefix, bucket);
        env.put("MAILCELLAR_ARCHIVE_SNAPSHOTS", Boolean.toString(snapshots));
        ServiceProcess service = ServiceProcess.startWith(jar, jvmOptions(work), env, work.resolve(label + ".log"),
                Duration.ofSeconds(120), FreePorts.next());
        return new Subject(label, service, topicPrefix, new StoredMessages(s3.bucketDir(bucket)), snapshots);
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

    /** The service's settings against the bench's own Kafka and S3, as both benches run it. */
    static Map<String, String> serviceEnv(KafkaBroker kafka, S3Server s3, String topicPrefix, String bucket) {
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_KAFKA_TOPIC_PREFIX", topicPrefix);
        env.put("MAILCELLAR_S3_ENDPOINT", s3.endpoint());
        env.put("MAILCELLAR_S3_BUCKET", bucket);
        env.put("MAILCELLAR_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        env.put("MAILCELLAR_S3_SECRET_KEY", S3Server.SECRET_KEY);
        env.put("MAILCELLAR_SEALING_KEYS_BENCH", Base64.getEncoder().encodeToString(key));
        env.put("MAILCELLAR_SEALING_ACTIVE_KEY", "bench");
        env.put("MAILCELLAR_API_TOKENS_BENCH", io.mailcellar.testsupport.ServiceEnv.API_TOKEN);
        env.put("MAILCELLAR_API_TOKEN_ROLES_BENCH", "admin");
        env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        env.put("MAILCELLAR_MAIL_ALLOWED_NETWORKS", io.mailcellar.testsupport.ServiceEnv.LOOPBACK);
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
    private void warmUp(Subject subject, Dovecot dovecot, Path work, UserPrincipal owner)
            throws Exception {
        String user = "warmup-" + subject.label() + "@localhost";
        GeneratedAccount account = generatedAccount(dovecot, work, owner, user, 7, options.warmupMessages());
        MailboxGenerator.Generated mailbox = account.mailbox();
        for (int round = 1; round <= options.warmupRounds(); round++) {
            String prefix = round == 1 ? "warmup-" : "settle-";
            String imapId = mailcellarImap(subject, dovecot, user, account.generator(), mailbox, prefix, round);
            String pop3Id = mailcellarPop3(subject, dovecot, user, mailbox, prefix, round);
            // Not needed again: on tmpfs they hold memory the measured runs need.
            subject.stored().delete(imapId);
            subject.stored().delete(pop3Id);
            Measurement full = last(prefix + "full", subject.label());
            double jitShare = full.jitCpuSeconds() / Math.max(0.01, full.cpuSeconds() + full.serversCpuSeconds());
            System.out.printf("  warm-up round %d: the JIT compilers took %.0f %% of the full backup's CPU%n",
                    round, jitShare * 100);
            facts.put("warmupRounds" + (subject.label().equals("mailcellar") ? "" : "-" + subject.label()), round);
            if (jitShare <= SETTLED_JIT_SHARE) {
                break;
            }
        }
    }

    private Measurement last(String scenario, String tool) {
        List<Measurement> runs = results.get(scenario + "|" + tool);
        return runs.get(runs.size() - 1);
    }

    /** A generated mailbox and its generator, which can deliver more mail to it. */
    private record GeneratedAccount(MailboxGenerator generator, MailboxGenerator.Generated mailbox) {
    }

    /** A Dovecot account holding a generated mailbox (seeded), indexed before any tool reads it. */
    private static GeneratedAccount generatedAccount(Dovecot dovecot, Path work, UserPrincipal owner, String user,
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
    private String mailcellarImap(Subject subject, Dovecot dovecot, String user, MailboxGenerator generator,
                                  MailboxGenerator.Generated mailbox, String prefix, int run) throws Exception {
        S3Server s3 = this.s3;
        Path work = this.work;
        ServiceProcess service = subject.service();
        ServiceApi api = new ServiceApi(service);
        ServiceSample sample = ServiceSample.start(service, servers);
        String id = register(service, user, "imap", dovecot.imapPort(), "bench imap " + prefix + run);
        Instant archived = awaitArchived(subject, Duration.ofMinutes(30), id, mailbox.unique(), 0);
        record(prefix + "full", subject.label(), sample.stop(mailbox.messages(), mailbox.bytes(), archived));

        try (MailEvents events = new MailEvents(kafkaBootstrap, subject.mailEvents(), id)) {
            awaitUntil(Duration.ofMinutes(5), () -> events.completedRuns() >= 1);
            sample = ServiceSample.start(service, servers);
            api.syncAndAwait(id, events);
            Measurement trigger = sample.stop(0, 0);
            double runSeconds = RunTimes.of(events.lastCompletedJson()).seconds();
            record(prefix + "no-change", subject.label(),
                    new Measurement(runSeconds, trigger.cpuSeconds(), trigger.peakRssMb(), 0, 0));
            record(prefix + "no-change-trigger-to-done", subject.label(), trigger);

            long bytes = generator.deliver(100);
            long before = subject.stored().of(id);
            long snapshotsBefore = subject.stored().snapshots(id);
            Map<String, Long> pagesBefore = subject.stored().treePages(id);
            int runsBefore = events.completedRuns();
            sample = ServiceSample.start(service, servers);
            api.requestSync(id);
            archived = awaitArchived(subject, Duration.ofMinutes(5), id, before + 100, snapshotsBefore);
            record(prefix + "incremental-100", subject.label(), sample.stop(100, bytes, archived));
            awaitUntil(Duration.ofMinutes(1), () -> events.completedRuns() > runsBefore);
            printIncrementalSplit(sample.started(), events.lastCompletedJson(), archived);
            if (subject.snapshots()) {
                printTreePagesWritten(prefix + "incremental-100", mailbox.messages(), pagesBefore,
                        subject.stored().treePages(id));
            }
        }
        if (subject.label().equals("mailcellar") && subject.snapshots()) {
            RestoreBench.run(service, servers, dovecot, s3, BUCKET, id, user, PASSWORD, work, prefix, run,
                    options.peers() && prefix.isEmpty(), this::record);
        }
        removeDelivered(dovecot, user);
        unregister(service, id);
        return id;
    }

    /** Backs the account's INBOX up over POP3 from scratch; answers the mailbox id. */
    private String mailcellarPop3(Subject subject, Dovecot dovecot, String user, MailboxGenerator.Generated mailbox,
                                  String prefix, int run) throws Exception {
        ServiceProcess service = subject.service();
        ServiceSample sample = ServiceSample.start(service, servers);
        String id = register(service, user, "pop3", dovecot.pop3Port(), "bench pop3 " + prefix + run);
        Instant archived = awaitArchived(subject, Duration.ofMinutes(30), id, mailbox.inboxUnique(), 0);
        record(prefix + "pop3-full", subject.label(), sample.stop(mailbox.inboxMessages(), mailbox.inboxBytes(),
                archived));
        try (MailEvents events = new MailEvents(kafkaBootstrap, subject.mailEvents(), id)) {
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
    private void noChangeAtScale(Subject subject, Dovecot dovecot, Path work, UserPrincipal owner)
            throws Exception {
        ServiceProcess service = subject.service();
        String user = "large@localhost";
        GeneratedAccount account = generatedAccount(dovecot, work, owner, user, 4242, options.largeMessages());
        MailboxGenerator.Generated large = account.mailbox();
        ServiceApi api = new ServiceApi(service);
        ServiceSample sample = ServiceSample.start(service, servers);
        String id = register(service, user, "imap", dovecot.imapPort(), "bench large");
        Instant archived = awaitArchived(subject, Duration.ofMinutes(60), id, large.unique(), 0);
        record("full-" + options.largeMessages(), "mailcellar", sample.stop(large.messages(), large.bytes(),
                archived));
        try (MailEvents events = new MailEvents(kafkaBootstrap, subject.mailEvents(), id)) {
            awaitUntil(Duration.ofMinutes(5), () -> events.completedRuns() >= 1);
            for (int run = 1; run <= options.runs(); run++) {
                api.syncAndAwait(id, events);
                record("no-change-" + options.largeMessages(), "mailcellar",
                        new Measurement(RunTimes.of(events.lastCompletedJson()).seconds(), 0, 0, 0, 0));
            }
            // What a +100 run adds to the bucket besides the messages: the tree pages it touched.
            long snapshotsBefore = subject.stored().snapshots(id);
            Map<String, Long> pagesBefore = subject.stored().treePages(id);
            long stored = subject.stored().of(id);
            account.generator().deliver(100);
            api.requestSync(id);
            awaitArchived(subject, Duration.ofMinutes(5), id, stored + 100, snapshotsBefore);
            printTreePagesWritten("incremental-100-of-" + options.largeMessages(), large.messages(), pagesBefore,
                    subject.stored().treePages(id));
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

    /** The tree pages a run wrote (pages whose content it changed; an unchanged page is not written again). */
    private void printTreePagesWritten(String scenario, long messages, Map<String, Long> before,
                                       Map<String, Long> after) {
        long pages = 0;
        long bytes = 0;
        for (Map.Entry<String, Long> page : after.entrySet()) {
            if (!before.containsKey(page.getKey())) {
                pages++;
                bytes += page.getValue();
            }
        }
        long allBytes = after.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("    %s on a %,d-message mailbox wrote %d tree pages, %,d bytes (all its pages: %d, %,d"
                + " bytes)%n", scenario, messages, pages, bytes, after.size(), allBytes);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> written = (List<Map<String, Object>>) facts.computeIfAbsent("treePagesWritten",
                key -> new ArrayList<Map<String, Object>>());
        written.add(Map.of("scenario", scenario, "mailboxMessages", messages, "pagesWritten", pages,
                "bytesWritten", bytes, "allPages", after.size(), "allPageBytes", allBytes));
    }

    /**
     * Where the +100 time goes: from the trigger until the poll started (the
     * request through Kafka to the poller), the poll itself (IMAP fetch and
     * publishing), and from its end until the last message was archived.
     */
    private static void printIncrementalSplit(Instant triggered, String completedJson, Instant archived) {
        RunTimes run = RunTimes.of(completedJson);
        System.out.printf("    trigger to poll start %.3f s, poll %.3f s, poll end to archived %.3f s%n",
                ServiceSample.seconds(triggered, run.started()), run.seconds(),
                ServiceSample.seconds(run.ended(), archived));
    }

    /** When a poll started and ended, from its {@code sync.completed} event. */
    private record RunTimes(Instant started, Instant ended) {
        static RunTimes of(String completedJson) {
            return new RunTimes(
                    Instant.parse(completedJson.replaceAll("(?s).*\"started\":\"([^\"]+)\".*", "$1")),
                    Instant.parse(completedJson.replaceAll("(?s).*\"ended\":\"([^\"]+)\".*", "$1")));
        }

        double seconds() {
            return ServiceSample.seconds(started, ended);
        }
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
     * Waits until the mailbox has {@code count} objects in the bucket and,
     * where snapshots are kept, a snapshot more than {@code snapshotsBefore}
     * (the run's: a backup is done once committed), and answers when the last
     * of them was written. Counting finds them done up
     * to 20 ms or 5 % late (see {@link #awaitUntil}); the moment itself is
     * the newest object's write time in S3Proxy's store, kept between the
     * start of the last count that found some missing (whatever was there by
     * then would have been counted) and the end of the count that found all.
     */
    private static Instant awaitArchived(Subject subject, Duration timeout, String mailboxId, long count,
                                         long snapshotsBefore) throws InterruptedException {
        StoredMessages stored = subject.stored();
        Instant[] lastIncomplete = {Instant.MIN};
        awaitUntil(timeout, () -> {
            Instant counting = Instant.now();
            boolean done = stored.of(mailboxId) >= count
                    && (!subject.snapshots() || stored.snapshots(mailboxId) > snapshotsBefore);
            if (!done) {
                lastIncomplete[0] = counting;
            }
            return done;
        });
        Instant seen = Instant.now();
        Instant written = stored.newestWrite(mailboxId).orElse(seen);
        if (subject.snapshots()) {
            Instant committed = stored.newestSnapshotWrite(mailboxId).orElse(seen);
            written = committed.isAfter(written) ? committed : written;
        }
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


}
