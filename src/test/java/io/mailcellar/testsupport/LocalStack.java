package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * The local run behind {@code scripts/run-local.sh}: a Kafka broker, an S3
 * server and the service, wired together the way the tests do it, with all
 * data kept under {@code .local/}. With {@code --demo}, also a demo IMAP
 * mailbox (GreenMail) holding a few messages. Ctrl-C stops everything.
 */
public final class LocalStack {

    private LocalStack() {
    }

    public static void main(String[] args) throws Exception {
        boolean demo = args.length > 0 && args[0].equals("--demo");
        Path home = Path.of(System.getenv().getOrDefault("MAILCELLAR_LOCAL_DIR", ".local")).toAbsolutePath();
        Files.createDirectories(home);
        Properties ports = ports(home.resolve("ports.properties"));
        Path servers = Path.of("target/local-servers").toAbsolutePath();
        Path jar = Path.of("target/quarkus-app/quarkus-run.jar").toAbsolutePath();

        System.out.println("mailcellar local run, data in " + home);
        S3Server s3 = S3Server.start(servers.resolve("s3proxy/s3proxy.jar"), home.resolve("s3"), port(ports, "s3"));
        KafkaBroker kafka = KafkaBroker.start(servers.resolve("kafka"), home.resolve("kafka"), port(ports, "kafka"),
                port(ports, "kafka.controller"));
        DemoMailbox mailbox = demo ? DemoMailbox.start(port(ports, "demo.imap")) : null;

        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        env.put("MAILCELLAR_S3_ENDPOINT", s3.endpoint());
        env.put("MAILCELLAR_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        env.put("MAILCELLAR_S3_SECRET_KEY", S3Server.SECRET_KEY);
        env.put("MAILCELLAR_SEALING_KEYS_LOCAL", sealingKey(home.resolve("sealing-key")));
        env.put("MAILCELLAR_SEALING_ACTIVE_KEY", "local");
        String token = apiToken(home.resolve("api-token"));
        env.put("MAILCELLAR_API_TOKENS_LOCAL", token);
        env.put("MAILCELLAR_API_TOKEN_ROLES_LOCAL", "admin");
        env.put("QUARKUS_HTTP_PORT", System.getenv().getOrDefault("QUARKUS_HTTP_PORT", "8080"));
        env.put("QUARKUS_MANAGEMENT_PORT", System.getenv().getOrDefault("QUARKUS_MANAGEMENT_PORT", "9000"));
        // The local run is for trying the API out: its Swagger UI is on.
        env.put("QUARKUS_SWAGGER_UI_ENABLED", "true");
        // A mail server on this machine (the demo's, or one being tried) is reachable in the local run.
        env.put("MAILCELLAR_MAIL_ALLOWED_NETWORKS", ServiceEnv.LOOPBACK);
        if (demo) {
            // The demo mailbox speaks plain IMAP on loopback.
            env.put("MAILCELLAR_MAIL_ALLOW_INSECURE", "true");
        }
        ServiceProcess service = ServiceProcess.startOnPort(jar, env, home.resolve("mailcellar.log"),
                Duration.ofSeconds(120), Integer.parseInt(env.get("QUARKUS_HTTP_PORT")));

        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("\nstopping mailcellar, Kafka and S3 ...");
            service.close();
            if (mailbox != null) {
                mailbox.close();
            }
            kafka.close();
            s3.close();
        }, "local-stack-stop"));

        System.out.println("""

                mailcellar is ready: %s  (API under /api/v1, OpenAPI at /q/openapi, Swagger UI at /q/swagger-ui;
                  health and metrics at %s/q/health and /q/metrics)
                  dashboard  %s/ui  (sign in with the token)
                  token  %s  (send `Authorization: Bearer <token>`; kept in %s)
                  Kafka  %s
                  S3     %s  bucket mailcellar, keys %s / %s; objects as files in %s
                  log    %s
                """.formatted(service.baseUrl(), service.managementUrl(), service.baseUrl(), token, home.resolve("api-token"), kafka.bootstrapServers(), s3.endpoint(), S3Server.ACCESS_KEY,
                S3Server.SECRET_KEY, s3.bucketDir("mailcellar"), home.resolve("mailcellar.log")));
        if (mailbox != null) {
            System.out.println(mailbox.instructions(service.baseUrl(), token));
        }
        System.out.println("Press Ctrl-C to stop.");
        service.awaitExit();
        // Reached on Ctrl-C (the hook is already stopping the rest) or when the service died on its own.
        System.out.println("mailcellar exited; its log is " + home.resolve("mailcellar.log"));
        System.exit(0);
    }

    private static Properties ports(Path file) throws IOException {
        Properties ports = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                ports.load(in);
            }
        }
        ports.putIfAbsent("s3", "19000");
        ports.putIfAbsent("kafka", "19092");
        ports.putIfAbsent("kafka.controller", "19093");
        ports.putIfAbsent("demo.imap", "3143");
        try (OutputStream out = Files.newOutputStream(file)) {
            ports.store(out, "ports of the local run; the Kafka data remembers its controller port");
        }
        return ports;
    }

    private static int port(Properties ports, String name) {
        return Integer.parseInt(ports.getProperty(name).trim());
    }

    /** The local API token, made once and kept beside the data. */
    private static String apiToken(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] token = new byte[24];
            new SecureRandom().nextBytes(token);
            Files.writeString(file, HexFormat.of().formatHex(token));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).trim();
    }

    private static String sealingKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Files.writeString(file, Base64.getEncoder().encodeToString(key));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
        return Files.readString(file).trim();
    }
}
