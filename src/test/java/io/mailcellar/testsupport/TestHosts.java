package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A hosts file a service process resolves every name through instead of DNS
 * ({@code jdk.net.hosts.file}), with caching off, so a test can make a name
 * point elsewhere between two connections: the resolver hook of the
 * DNS-rebinding tests. Names it does not list do not resolve, so the process
 * reaches no real host; loopback and this machine's name are always listed.
 */
public final class TestHosts {

    private final Path file;
    private final Map<String, String> names = new LinkedHashMap<>();

    public TestHosts(Path file) {
        this.file = file;
        write();
    }

    /** The JVM options that make a process resolve through this file and look every name up anew. */
    public List<String> jvmOptions() {
        return List.of("-Djdk.net.hosts.file=" + file.toAbsolutePath(), "-Dsun.net.inetaddr.ttl=0",
                "-Dsun.net.inetaddr.negative.ttl=0");
    }

    /** Makes {@code name} resolve to {@code address} (an address literal) from the next lookup on. */
    public synchronized TestHosts map(String name, String address) {
        names.put(name, address);
        write();
        return this;
    }

    private synchronized void write() {
        StringBuilder text = new StringBuilder("127.0.0.1 localhost ").append(machineName()).append('\n');
        names.forEach((name, address) -> text.append(address).append(' ').append(name).append('\n'));
        try {
            Path next = file.resolveSibling(file.getFileName() + ".next");
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String machineName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost.localdomain";
        }
    }
}
