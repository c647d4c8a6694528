package io.mailcellar.event;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The CloudEvents {@code type} values of mailcellar's change events. */
public enum EventType {
    MESSAGE_ADDED("io.mailcellar.message.added"),
    MESSAGE_FLAGS_CHANGED("io.mailcellar.message.flags-changed"),
    MESSAGE_EXPUNGED("io.mailcellar.message.expunged"),
    FOLDER_CREATED("io.mailcellar.folder.created"),
    FOLDER_DELETED("io.mailcellar.folder.deleted"),
    FOLDER_RENAMED("io.mailcellar.folder.renamed"),
    FOLDER_UIDVALIDITY_CHANGED("io.mailcellar.folder.uidvalidity-changed"),
    SYNC_COMPLETED("io.mailcellar.sync.completed");

    /** By {@code type} attribute: the archiver looks one up for every record. */
    private static final Map<String, EventType> BY_CE_TYPE = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(EventType::ceType, Function.identity()));

    private final String ceType;

    EventType(String ceType) {
        this.ceType = ceType;
    }

    public String ceType() {
        return ceType;
    }

    public static Optional<EventType> fromCeType(String ceType) {
        return ceType == null ? Optional.empty() : Optional.ofNullable(BY_CE_TYPE.get(ceType));
    }
}
