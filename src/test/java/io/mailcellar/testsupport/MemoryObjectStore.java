package io.mailcellar.testsupport;

import io.mailcellar.archive.ObjectStore;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The object store in memory, for unit tests: it records what was done to
 * it, and several writers may use it at once.
 */
public class MemoryObjectStore implements ObjectStore {

    public final Map<String, byte[]> objects = new TreeMap<>();
    public final Map<String, Instant> writtenAt = new TreeMap<>();
    public final Map<String, PutOptions> options = new TreeMap<>();
    public final List<String> puts = new ArrayList<>();
    public final List<String> deletes = new ArrayList<>();
    public final List<String> readBacks = new ArrayList<>();

    /** Runs once, before the next {@link #deleteAll}: a writer acting while a prune deletes. */
    public Runnable beforeDeleteAll;

    @Override
    public void deleteAll(List<String> keys) {
        Runnable before;
        synchronized (this) {
            before = beforeDeleteAll;
            beforeDeleteAll = null;
        }
        if (before != null) {
            before.run();
        }
        keys.forEach(this::delete);
    }

    /** Places an object as if it had been written at the given time. */
    public synchronized void place(String key, byte[] bytes, Instant at) {
        objects.put(key, bytes.clone());
        writtenAt.put(key, at);
    }

    @Override
    public synchronized boolean putIfAbsent(String key, Payload payload, PutOptions options) {
        if (objects.containsKey(key)) {
            return false;
        }
        replace(key, payload, options);
        return true;
    }

    @Override
    public synchronized void replace(String key, Payload payload, PutOptions options) {
        puts.add(key);
        this.options.put(key, options);
        objects.put(key, bytesOf(payload));
    }

    @Override
    public synchronized Optional<StoredObject> stat(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(b -> new StoredObject(b.length, writtenAt.getOrDefault(key, Instant.EPOCH)));
    }

    @Override
    public synchronized Optional<InputStream> get(String key) {
        readBacks.add(key);
        return Optional.ofNullable(objects.get(key)).map(ByteArrayInputStream::new);
    }

    @Override
    public synchronized Optional<InputStream> getStart(String key, long length) {
        readBacks.add(key);
        return Optional.ofNullable(objects.get(key))
                .map(b -> new ByteArrayInputStream(b, 0, (int) Math.min(b.length, length)));
    }

    @Override
    public synchronized List<String> list(String prefix) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix)).toList();
    }

    @Override
    public synchronized List<String> children(String prefix) {
        return objects.keySet().stream().filter(key -> key.startsWith(prefix))
                .filter(key -> key.indexOf('/', prefix.length()) >= 0)
                .map(key -> key.substring(0, key.indexOf('/', prefix.length()) + 1))
                .distinct().sorted().toList();
    }

    @Override
    public synchronized List<ListedObject> listObjects(String prefix) {
        return objects.entrySet().stream().filter(entry -> entry.getKey().startsWith(prefix))
                .map(entry -> new ListedObject(entry.getKey(), entry.getValue().length,
                        writtenAt.getOrDefault(entry.getKey(), Instant.EPOCH))).toList();
    }

    @Override
    public synchronized void delete(String key) {
        deletes.add(key);
        objects.remove(key);
    }

    /** A bucket in memory is always there and always the archive's. */
    @Override
    public void ensureBucket() {
    }

    @Override
    public boolean bucketExists() {
        return true;
    }

    private static byte[] bytesOf(Payload payload) {
        if (payload instanceof Bytes bytes) {
            return Arrays.copyOfRange(bytes.bytes(), bytes.offset(), bytes.offset() + bytes.length());
        }
        try {
            return Files.readAllBytes(((SpooledFile) payload).file());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
