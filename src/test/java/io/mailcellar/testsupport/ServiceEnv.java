package io.mailcellar.testsupport;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/** The environment of a service process wired to this run's Kafka and S3, as a Kubernetes pod would get it. */
public final class ServiceEnv {

    /** The API token every test service accepts. */
    public static final String API_TOKEN = "test-api-token-0123456789abcdef";

    /** The loopback addresses, as an allowed-networks setting. */
    public static final String LOOPBACK = "127.0.0.1/32,::1/128";

    private ServiceEnv() {
    }

    public static Map<String, String> of(LocalServers servers, String name) {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", servers.kafka().bootstrapServers());
        env.put("MAILCELLAR_KAFKA_TOPIC_PREFIX", name + ".");
        env.put("MAILCELLAR_S3_ENDPOINT", servers.s3().endpoint());
        env.put("MAILCELLAR_S3_BUCKET", name);
        env.put("MAILCELLAR_S3_ACCESS_KEY", S3Server.ACCESS_KEY);
        env.put("MAILCELLAR_S3_SECRET_KEY", S3Server.SECRET_KEY);
        env.put("MAILCELLAR_SEALING_KEYS_K1", Base64.getEncoder().encodeToString(key));
        env.put("MAILCELLAR_SEALING_ACTIVE_KEY", "k1");
        env.put("MAILCELLAR_API_TOKENS_TESTS", API_TOKEN);
        env.put("MAILCELLAR_API_TOKEN_ROLES_TESTS", "admin");
        // The tests' mail servers, proxies and OAuth2 server listen on loopback, which the guard refuses by default.
        env.put("MAILCELLAR_MAIL_ALLOWED_NETWORKS", LOOPBACK);
        return env;
    }

    /** The packaged service jar the build produced. */
    public static Path jar() {
        return Path.of(System.getProperty("mailcellar.app.jar", "target/quarkus-app/quarkus-run.jar")).toAbsolutePath();
    }
}
