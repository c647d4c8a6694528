package io.mailcellar.event;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Deterministic event ids: a name-based UUID of the event's identifying parts. */
final class EventIds {

    private EventIds() {
    }

    static String of(EventType type, String... parts) {
        String name = type.ceType() + '\u0000' + String.join("\u0000", parts);
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
