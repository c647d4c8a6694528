package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The Kafka broker and the S3 server of one test run: started on first use,
 * shared by every test class of the JVM, stopped when the JVM exits.
 */
public final class LocalServers {

    private static LocalServers instance;

    private final KafkaBroker kafka;
    private final S3Server s3;
    private final Path runDir;
    private Dovecot dovecot;

    private LocalServers(KafkaBroker kafka, S3Server s3, Path runDir) {
        this.kafka = kafka;
        this.s3 = s3;
        this.runDir = runDir;
    }

    public static synchronized LocalServers get() {
        if (instance == null) {
            Path servers = Path.of(System.getProperty("mailcellar.local-servers.dir", "target/local-servers")).toAbsolutePath();
            Path runDir;
            try {
                runDir = Files.createTempDirectory(Path.of("target").toAbsolutePath(), "it-run-");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            S3Server s3 = S3Server.start(servers.resolve("s3proxy/s3proxy.jar"), runDir.resolve("s3"), FreePorts.next());
            KafkaBroker kafka = KafkaBroker.start(servers.resolve("kafka"), runDir.resolve("kafka"), FreePorts.next());
            instance = new LocalServers(kafka, s3, runDir);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                kafka.close();
                s3.close();
            }, "stop-local-servers"));
        }
        return instance;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public S3Server s3() {
        return s3;
    }

    /** The run's Dovecot, started on first use. */
    public synchronized Dovecot dovecot() {
        if (dovecot == null) {
            Dovecot started = Dovecot.start(runDir.resolve("dovecot"));
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "stop-dovecot"));
            dovecot = started;
        }
        return dovecot;
    }

    /** A folder of this run for logs and data (under target/). */
    public Path runDir() {
        return runDir;
    }
}
