package io.mailcellar.testsupport;

import io.mailcellar.archive.ArchiveStore;
import io.mailcellar.archive.Sha256;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory stand-in for the bucket, for unit tests; it records what was done to it, and several writers may use it at once. */
public class MemoryArchiveStore extends ArchiveStore {

    public final Map<String, byte[]> objects = new HashMap<>();
    public final Map<String, Instant> writtenAt = new HashMap<>();
    public final List<String> puts = new ArrayList<>();
    public final List<String> deletes = new ArrayList<>();
    public final List<String> readBacks = new ArrayList<>();

    public MemoryArchiveStore() {
        super(new TestS3Settings("http://127.0.0.1:1", "test", Duration.ofSeconds(1)));
    }

    /** Places an object as if it had been written at the given time. */
    public synchronized void place(String key, byte[] bytes, Instant at) {
        objects.put(key, bytes.clone());
        writtenAt.put(key, at);
    }

    @Override
    public synchronized Optional<StoredObject> stat(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(b -> new StoredObject(b.length, writtenAt.getOrDefault(key, Instant.EPOCH)));
    }

    @Override
    public synchronized boolean putIfAbsent(String key, byte[] bytes, int offset, int length, String sha256) {
        if (objects.containsKey(key)) {
            return false;
        }
        replace(key, bytes, offset, length, sha256);
        return true;
    }

    @Override
    public synchronized void replace(String key, byte[] bytes, int offset, int length, String sha256) {
        puts.add(key);
        objects.put(key, java.util.Arrays.copyOfRange(bytes, offset, offset + length));
    }

    @Override
    public synchronized String sha256Of(String key) {
        readBacks.add(key);
        return Sha256.of(objects.get(key));
    }

    @Override
    public synchronized void copy(String from, String to, String sha256) {
        puts.add(to);
        objects.put(to, objects.get(from).clone());
    }

    @Override
    public synchronized void delete(String key) {
        deletes.add(key);
        objects.remove(key);
    }
}
