package io.mailcellar.app;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.util.Set;

/** {@code mailcellar.roles}: which roles this process runs. */
@ConfigMapping(prefix = "mailcellar")
public interface RoleSettings {

    /** Comma-separated, from {@code api}, {@code poller}, {@code archiver}. */
    @WithDefault("api,poller,archiver")
    Set<Role> roles();

    default boolean runs(Role role) {
        return roles().contains(role);
    }
}
