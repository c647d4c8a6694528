package io.mailcellar.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * What a result file must say to be read later: the commit measured (and
 * whether the tree had changes), the JDK, every tool's and server's version,
 * the CPU, and where each tool's clock starts and stops.
 */
final class RunFacts {

    /** The timing boundary, the same for every tool as far as their natures allow. */
    static final String BOUNDARY = "Each tool is timed from its trigger to the moment its last message is stored. "
            + "mailcellar: from the API call that starts the backup (registration, or the sync request) to the "
            + "write time of the newest archived object in S3Proxy's store; a no-change run from the sync request "
            + "to its sync.completed event (\"no-change-trigger-to-done\") and as the poll itself (\"no-change\"). "
            + "mbsync, OfflineIMAP, getmail6: from the process's start to its exit (GNU time), after which its "
            + "last message is on disk. CPU and memory are read when the end was seen (\"seenLateSeconds\" later).";

    private RunFacts() {
    }

    static Map<String, Object> collect(Path serverJars) {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("commit", command("git", "rev-parse", "HEAD").orElse("unknown"));
        facts.put("uncommittedChanges", command("git", "status", "--porcelain", "--untracked-files=no")
                .map(status -> !status.isBlank()).orElse(true));
        facts.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        facts.put("cpu", cpuModel());
        facts.put("cores", Runtime.getRuntime().availableProcessors());
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("dovecot", command("/usr/sbin/dovecot", "--version").orElse("missing"));
        tools.put("mbsync", command("mbsync", "--version").orElse("missing"));
        tools.put("offlineimap", command("offlineimap", "--version").orElse("missing"));
        tools.put("getmail6", command("getmail", "--version").orElse("missing"));
        tools.put("kafka", jarVersion(serverJars.resolve("kafka"), "kafka_2.13-"));
        tools.put("s3proxy", mavenVersion(serverJars.resolve("s3proxy/s3proxy.jar"), "org.gaul", "s3proxy"));
        facts.put("tools", tools);
        facts.put("timingBoundary", BOUNDARY);
        return facts;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The version in a jar's name in the folder, e.g. kafka_2.13-4.1.2.jar: 4.1.2. */
    private static String jarVersion(Path folder, String prefix) {
        try (Stream<Path> jars = Files.list(folder)) {
            return jars.map(jar -> jar.getFileName().toString())
                    .filter(name -> name.startsWith(prefix) && name.endsWith(".jar"))
                    .sorted().findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The version a jar's own Maven metadata gives. */
    private static String mavenVersion(Path jar, String group, String artifact) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("META-INF/maven/" + group + "/" + artifact + "/pom.properties");
            if (entry == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                properties.load(in);
            }
            return artifact + "-" + properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    /** The command's first line of output, or empty when it cannot run or fails. */
    private static Optional<String> command(String... command) {
        try {
            Process process = new ProcessBuilder(List.of(command)).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return Optional.empty();
            }
            return Optional.of(out.lines().findFirst().orElse(""));
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }
}
