package io.mailcellar.bench;

import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.FreePorts;
import io.mailcellar.testsupport.KafkaBroker;
import io.mailcellar.testsupport.S3Server;
import io.mailcellar.testsupport.TestFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;

/**
 * What the smaller benches run against: a Kafka broker, S3Proxy and Dovecot,
 * all with their data under {@code /dev/shm/mailcellar-<name>}, emptied first.
 */
record BenchServers(Path work, KafkaBroker kafka, S3Server s3, Dovecot dovecot) implements AutoCloseable {

    static BenchServers start(String name) throws IOException {
        Path work = Path.of("/dev/shm/mailcellar-" + name);
        TestFiles.deleteTree(work);
        Files.createDirectories(work);
        Path serverJars = Path.of("target/local-servers").toAbsolutePath();
        KafkaBroker kafka = KafkaBroker.start(serverJars.resolve("kafka"), work.resolve("kafka"), FreePorts.next());
        S3Server s3 = S3Server.start(serverJars.resolve("s3proxy/s3proxy.jar"), work.resolve("s3"), FreePorts.next());
        Dovecot dovecot = Dovecot.start(work.resolve("dovecot"));
        return new BenchServers(work, kafka, s3, dovecot);
    }

    /** The Maildir home of a Dovecot user, where a bench writes its messages directly. */
    Path home(String user) {
        return work.resolve("dovecot/home").resolve(user);
    }

    /** Hands a home written by the bench to the user Dovecot's mail processes run as. */
    void giveToDovecot(String user) throws IOException {
        UserPrincipal owner = work.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        try (var paths = Files.walk(home(user))) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Files.setOwner(path, owner);
            }
        }
    }

    @Override
    public void close() {
        dovecot.close();
        s3.close();
        kafka.close();
    }
}
