package io.mailcellar.testsupport;

import io.mailcellar.archive.ArchiveStore;
import io.mailcellar.archive.S3Settings;
import io.mailcellar.archive.Sha256;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An in-memory stand-in for the bucket, for unit tests; it records what was done to it. */
public final class MemoryArchiveStore extends ArchiveStore {

    public final Map<String, byte[]> objects = new HashMap<>();
    public final Map<String, Instant> writtenAt = new HashMap<>();
    public final List<String> puts = new ArrayList<>();
    public final List<String> deletes = new ArrayList<>();

    public MemoryArchiveStore() {
        super(settings());
    }

    /** Places an object as if it had been written at the given time. */
    public void place(String key, byte[] bytes, Instant at) {
        objects.put(key, bytes.clone());
        writtenAt.put(key, at);
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return Optional.ofNullable(objects.get(key))
                .map(b -> new StoredObject(b.length, writtenAt.getOrDefault(key, Instant.EPOCH)));
    }

    @Override
    public void putVerified(String key, byte[] bytes, String sha256) {
        puts.add(key);
        objects.put(key, bytes.clone());
    }

    @Override
    public String sha256Of(String key) {
        return Sha256.of(objects.get(key));
    }

    @Override
    public void copyVerified(String from, String to, String sha256) {
        puts.add(to);
        objects.put(to, objects.get(from).clone());
    }

    @Override
    public void delete(String key) {
        deletes.add(key);
        objects.remove(key);
    }

    private static S3Settings settings() {
        return new S3Settings() {
            public String endpoint() {
                return "http://127.0.0.1:1";
            }

            public String region() {
                return "us-east-1";
            }

            public String bucket() {
                return "test";
            }

            public Optional<String> prefix() {
                return Optional.empty();
            }

            public String accessKey() {
                return "a";
            }

            public String secretKey() {
                return "b";
            }

            public boolean createBucket() {
                return true;
            }

            public Duration timeout() {
                return Duration.ofSeconds(1);
            }
        };
    }
}
