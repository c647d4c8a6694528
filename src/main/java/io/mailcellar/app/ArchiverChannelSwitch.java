package io.mailcellar.app;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import org.eclipse.microprofile.config.spi.ConfigSource;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Turns the archiver's Kafka channel off in a process that does not run the
 * archiver role, so that only archivers join the archivers' consumer group.
 */
public class ArchiverChannelSwitch implements ConfigSourceFactory {

    static final String CHANNEL_ENABLED = "mp.messaging.incoming.mail-events.enabled";

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        ConfigValue roles = context.getValue("mailcellar.roles");
        boolean archiver = roles == null || roles.getValue() == null || Arrays.stream(roles.getValue().split(","))
                .map(String::trim)
                .anyMatch(role -> role.equalsIgnoreCase(Role.ARCHIVER.name()));
        return List.of(new PropertiesConfigSource(Map.of(CHANNEL_ENABLED, Boolean.toString(archiver)),
                "mailcellar-roles", 275));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(275);
    }
}
