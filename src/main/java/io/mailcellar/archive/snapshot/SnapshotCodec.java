package io.mailcellar.archive.snapshot;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailcellar.kafka.StoredJson;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Snapshots and tree pages to and from their JSON (the stored mapper: key order, ISO times). */
public final class SnapshotCodec {

    private SnapshotCodec() {
    }

    public static byte[] encode(Snapshot snapshot) {
        return write(snapshot);
    }

    public static byte[] encode(TreePage page) {
        return write(page);
    }

    /** @throws IllegalArgumentException the bytes are no snapshot of a format this version reads */
    public static Snapshot snapshot(byte[] json) {
        Snapshot snapshot = read(json, Snapshot.class);
        if (snapshot.format() != Snapshot.FORMAT) {
            throw new IllegalArgumentException("snapshot format " + snapshot.format() + " is not one this version "
                    + "reads (" + Snapshot.FORMAT + ")");
        }
        return snapshot;
    }

    /** @throws IllegalArgumentException the bytes are no tree page of a format this version reads */
    public static TreePage page(byte[] json) {
        TreePage page = read(json, TreePage.class);
        if (page.format() != TreePage.FORMAT) {
            throw new IllegalArgumentException("tree page format " + page.format() + " is not one this version "
                    + "reads (" + TreePage.FORMAT + ")");
        }
        return page;
    }

    private static byte[] write(Object value) {
        try {
            return StoredJson.mapper().writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a snapshot record could not be written as JSON", e);
        }
    }

    private static <T> T read(byte[] json, Class<T> type) {
        try {
            return StoredJson.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a readable " + type.getSimpleName() + ": " + e.getOriginalMessage(),
                    e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
