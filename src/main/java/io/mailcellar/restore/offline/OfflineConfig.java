package io.mailcellar.restore.offline;

import io.mailcellar.archive.S3Settings;
import io.mailcellar.restore.RestoreSettings;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The service's configuration without the service: system properties, then
 * environment variables ({@code MAILCELLAR_S3_ENDPOINT}, ...), then
 * {@code config/application.properties} in the working directory, then the
 * jar's {@code application.properties}, under the {@code prod} profile
 * unless {@code QUARKUS_PROFILE} says otherwise, as Quarkus orders them.
 */
final class OfflineConfig {

    private static final Pattern REQUIRED = Pattern.compile("The config property (\\S+) is required");

    private OfflineConfig() {
    }

    /** What to fix, one line per setting: a missing one with the environment variable that sets it. */
    static List<String> problems(ConfigValidationException e) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < e.getProblemCount(); i++) {
            String message = e.getProblem(i).getMessage();
            Matcher missing = REQUIRED.matcher(message);
            if (missing.find()) {
                String key = missing.group(1);
                lines.add(key + " is not set (environment variable "
                        + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + ")");
            } else {
                lines.add(message);
            }
        }
        return lines;
    }

    /**
     * @throws io.smallrye.config.ConfigValidationException a required setting is missing or malformed
     */
    static SmallRyeConfig load() {
        SmallRyeConfigBuilder builder = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .addDefaultSources()
                .withValidateUnknown(false)
                // Durations as the service reads them ("30s", not only ISO "PT30S").
                .withConverter(Duration.class, 200, new DurationConverter())
                .withMapping(S3Settings.class)
                .withMapping(RestoreSettings.class);
        String profile = System.getProperty("quarkus.profile", System.getenv().getOrDefault("QUARKUS_PROFILE",
                "prod"));
        builder.withProfile(profile);
        URL packaged = OfflineConfig.class.getClassLoader().getResource("application.properties");
        try {
            if (packaged != null) {
                builder.withSources(new PropertiesConfigSource(packaged, 250));
            }
            Path local = Path.of("config", "application.properties");
            if (Files.isRegularFile(local)) {
                builder.withSources(new PropertiesConfigSource(local.toUri().toURL(), 260));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the configuration files could not be read", e);
        }
        return builder.build();
    }
}
