package io.mailcellar.app;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a caller of the API may do. Each role includes the ones before it:
 * a {@code reader} sees metadata only (mailboxes, status, snapshots, folder
 * and message lists); an {@code operator} may also read message content,
 * export, sync, check and restore; an {@code admin} may also register, change,
 * delete, prune, reseal and replay.
 */
public enum ApiRole {
    READER, OPERATOR, ADMIN;

    /** The names {@code @RolesAllowed} uses. */
    public static final String READ = "reader";
    public static final String OPERATE = "operator";
    public static final String ADMINISTER = "admin";

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** This role's name and the names of the roles it includes. */
    public Set<String> grants() {
        return Arrays.stream(values()).filter(role -> role.ordinal() <= ordinal()).map(ApiRole::wireName)
                .collect(Collectors.toUnmodifiableSet());
    }

    /** The role a setting or a token claim names, in any case; empty for anything else. */
    public static Optional<ApiRole> named(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String key = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(role -> role.wireName().equals(key)).findFirst();
    }

    /** The strongest of the roles named; empty when none is a role. */
    public static Optional<ApiRole> strongestOf(Iterable<String> names) {
        ApiRole strongest = null;
        for (String name : names) {
            ApiRole role = named(name).orElse(null);
            if (role != null && (strongest == null || role.ordinal() > strongest.ordinal())) {
                strongest = role;
            }
        }
        return Optional.ofNullable(strongest);
    }
}
