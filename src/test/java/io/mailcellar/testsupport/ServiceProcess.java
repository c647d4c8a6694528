package io.mailcellar.testsupport;

import io.restassured.RestAssured;
import io.restassured.specification.RequestSpecification;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The packaged service ({@code target/quarkus-app/quarkus-run.jar}) run as a
 * child process, configured only through environment variables, as on
 * Kubernetes. Stopping it with SIGTERM is a real restart.
 */
public final class ServiceProcess implements AutoCloseable {

    private final ChildProcess process;
    private final int httpPort;
    private final int managementPort;

    private ServiceProcess(ChildProcess process, int httpPort, int managementPort) {
        this.process = process;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
    }

    /** The environment with the HTTP port, and a free management port unless the environment names one. */
    private static Map<String, String> withPorts(Map<String, String> env, int httpPort) {
        Map<String, String> full = new HashMap<>(env);
        full.put("QUARKUS_HTTP_PORT", Integer.toString(httpPort));
        full.computeIfAbsent("QUARKUS_MANAGEMENT_PORT", key -> Integer.toString(FreePorts.next()));
        return full;
    }

    /** Starts the jar with the given environment plus a free HTTP port, and waits until it is ready. */
    public static ServiceProcess start(Path jar, Map<String, String> env, Path log, Duration readyTimeout) {
        return startOnPort(jar, env, log, readyTimeout, FreePorts.next());
    }

    public static ServiceProcess startOnPort(Path jar, Map<String, String> env, Path log, Duration readyTimeout,
                                             int httpPort) {
        return startWith(jar, List.of("-Xmx512m"), env, log, readyTimeout, httpPort);
    }

    /** Starts the jar with the given JVM options (e.g. a smaller heap for a memory benchmark). */
    public static ServiceProcess startWith(Path jar, List<String> jvmOptions, Map<String, String> env, Path log,
                                           Duration readyTimeout, int httpPort) {
        Map<String, String> full = withPorts(env, httpPort);
        List<String> command = new java.util.ArrayList<>();
        command.add(JavaCommand.java());
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ChildProcess child = ChildProcess.start("mailcellar", command, full, jar.getParent(), log);
        ServiceProcess service = new ServiceProcess(child, httpPort,
                Integer.parseInt(full.get("QUARKUS_MANAGEMENT_PORT")));
        service.awaitReady(readyTimeout);
        return service;
    }

    /** Starts the jar resolving every name through the hosts file, and waits until it is ready. */
    public static ServiceProcess startResolvingThrough(TestHosts hosts, Path jar, Map<String, String> env, Path log,
                                                       Duration readyTimeout) {
        List<String> jvm = new java.util.ArrayList<>(List.of("-Xmx512m"));
        jvm.addAll(hosts.jvmOptions());
        return startWith(jar, jvm, env, log, readyTimeout, FreePorts.next());
    }

    /** Starts the jar without waiting for it to be ready, for a test of a start that must not become ready. */
    public static ServiceProcess startWithoutWaiting(Path jar, Map<String, String> env, Path log) {
        int httpPort = FreePorts.next();
        Map<String, String> full = withPorts(env, httpPort);
        ChildProcess child = ChildProcess.start("mailcellar", List.of(JavaCommand.java(), "-Xmx512m", "-jar",
                jar.toString()), full, jar.getParent(), log);
        return new ServiceProcess(child, httpPort, Integer.parseInt(full.get("QUARKUS_MANAGEMENT_PORT")));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    /** Where health and metrics are served: the management interface, apart from the API. */
    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    /** A request to the management interface (health, metrics); it needs no token. */
    public RequestSpecification management() {
        return RestAssured.given().baseUri(managementUrl());
    }

    public Path log() {
        return process.log();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** A REST call on this service carrying the test API token ({@link ServiceEnv#API_TOKEN}). */
    public RequestSpecification request() {
        return RestAssured.given().baseUri(baseUrl())
                .header("Authorization", "Bearer " + ServiceEnv.API_TOKEN);
    }

    public long pid() {
        return process.pid();
    }

    /** Blocks until the process ends (e.g. after Ctrl-C). */
    public void awaitExit() throws InterruptedException {
        process.awaitExit();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl() + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String last = "no answer";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mailcellar exited during start-up:\n" + process.tail());
            }
            try {
                HttpResponse<String> response = http.send(ready, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.body();
            } catch (IOException notYet) {
                last = notYet.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            ChildProcess.sleep(200);
        }
        throw new IllegalStateException("mailcellar not ready within " + timeout + ": " + last + "\n" + process.tail());
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
