package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * A real single-node Apache Kafka broker (KRaft, broker and controller in one
 * process) on loopback, from the jars the build copied into
 * {@code target/local-servers/kafka}. Data stays in the given folder, so the
 * local run keeps its topics between starts.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ChildProcess process;
    private final int port;

    private KafkaBroker(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static KafkaBroker start(Path libDir, Path dataDir, int port) {
        return start(libDir, dataDir, port, FreePorts.next());
    }

    /** A broker whose data outlives it must keep its controller port: KRaft records the voter's endpoint. */
    public static KafkaBroker start(Path libDir, Path dataDir, int port, int controllerPort) {
        try {
            Files.createDirectories(dataDir);
            Path config = dataDir.resolve("server.properties");
            Files.writeString(config, serverProperties(dataDir.resolve("log"), port, controllerPort));
            Path log4j = dataDir.resolve("log4j2.properties");
            Files.writeString(log4j, LOG4J);
            List<String> java = new ArrayList<>(List.of(JavaCommand.java(), "-Xms128m", "-Xmx512m",
                    "-XX:+UseG1GC", "-Dlog4j2.configurationFile=" + log4j, "-cp", libDir + "/*"));
            Path consoleLog = dataDir.resolve("kafka.log");
            if (!Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
                format(java, config, dataDir, consoleLog);
            }
            List<String> run = new ArrayList<>(java);
            run.addAll(List.of("kafka.Kafka", config.toString()));
            ChildProcess child = ChildProcess.start("kafka", run, Map.of(), dataDir, consoleLog);
            child.awaitPort(port, Duration.ofSeconds(90));
            return new KafkaBroker(child, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void format(List<String> java, Path config, Path dataDir, Path consoleLog) {
        byte[] id = new byte[16];
        new SecureRandom().nextBytes(id);
        String clusterId = Base64.getUrlEncoder().withoutPadding().encodeToString(id);
        List<String> format = new ArrayList<>(java);
        // "--cluster-id=<id>": a random id may begin with "-", which the tool's parser takes for an option.
        format.addAll(List.of("kafka.tools.StorageTool", "format", "--standalone", "--cluster-id=" + clusterId,
                "-c", config.toString()));
        try (ChildProcess formatting = ChildProcess.start("kafka-format", format, Map.of(), dataDir, consoleLog)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (formatting.isAlive() && System.nanoTime() < deadline) {
                ChildProcess.sleep(100);
            }
            if (!Files.exists(dataDir.resolve("log").resolve("meta.properties"))) {
                throw new IllegalStateException("formatting the Kafka storage failed:\n" + formatting.tail());
            }
        }
    }

    private static String serverProperties(Path logDir, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                "controller.listener.names=CONTROLLER",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "log.dirs=" + logDir,
                "num.partitions=1",
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=3",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                // A test cuts a topic's retention to a minute and must see old segments go within seconds.
                "log.retention.check.interval.ms=5000",
                "");
    }

    private static final String LOG4J = String.join("\n",
            "rootLogger.level=WARN",
            "rootLogger.appenderRef.stdout.ref=STDOUT",
            "appender.stdout.type=Console",
            "appender.stdout.name=STDOUT",
            "appender.stdout.layout.type=PatternLayout",
            "appender.stdout.layout.pattern=[%d] %p %m (%c)%n",
            "logger.server.name=kafka.server",
            "logger.server.level=INFO",
            "");

    /** The server's process id, e.g. to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** {@code kill -9}: no shutdown hooks, no goodbye to Kafka. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
