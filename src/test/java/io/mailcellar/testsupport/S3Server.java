package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A real S3 server: S3Proxy with its filesystem backend on loopback, from the
 * jar the build copied into {@code target/local-servers/s3proxy}.
 */
public final class S3Server implements AutoCloseable {

    public static final String ACCESS_KEY = "local-access-key";
    public static final String SECRET_KEY = "local-secret-key";

    private final ChildProcess process;
    private final int port;
    private final Path blobs;

    private S3Server(ChildProcess process, int port, Path blobs) {
        this.process = process;
        this.port = port;
        this.blobs = blobs;
    }

    public static S3Server start(Path jar, Path dataDir, int port) {
        try {
            Path blobs = Files.createDirectories(dataDir.resolve("blobs"));
            Path config = dataDir.resolve("s3proxy.properties");
            Files.writeString(config, String.join("\n",
                    "s3proxy.endpoint=http://127.0.0.1:" + port,
                    "s3proxy.authorization=aws-v2-or-v4",
                    "s3proxy.identity=" + ACCESS_KEY,
                    "s3proxy.credential=" + SECRET_KEY,
                    "jclouds.provider=filesystem",
                    "jclouds.identity=" + ACCESS_KEY,
                    "jclouds.credential=" + SECRET_KEY,
                    "jclouds.filesystem.basedir=" + blobs,
                    ""));
            ChildProcess child = ChildProcess.start("s3proxy",
                    List.of(JavaCommand.java(), "-Xmx256m", "-jar", jar.toString(), "--properties", config.toString()),
                    Map.of(), dataDir, dataDir.resolve("s3proxy.log"));
            child.awaitPort(port, Duration.ofSeconds(60));
            return new S3Server(child, port, blobs);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The server's process id, e.g. to read its CPU time. */
    public long pid() {
        return process.pid();
    }

    /** The folder holding the bucket's objects as files (the filesystem store's layout). */
    public Path bucketDir(String bucket) {
        return blobs.resolve(bucket);
    }

    public int port() {
        return port;
    }

    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** {@code kill -9}: the store is gone at once, its files kept for a restart on the same folder and port. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
