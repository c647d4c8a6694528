package io.mailcellar.sync.cursor;

import java.util.List;

/** What the poller last published about one message of a folder: its content digest and its flags. */
public record KnownMessage(String sha256, List<String> flags) {

    public KnownMessage {
        flags = List.copyOf(flags);
    }
}
