package io.mailcellar.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket, as everything in mailcellar sees it: put if absent, replace,
 * stat, get, list and delete. Every failure of the store surfaces as
 * {@link ArchiveUnavailableException}, for the caller to retry; a missing
 * object is an empty answer, not a failure. Implementations: the S3 adapter
 * ({@link S3ObjectStore}) and, in tests, an in-memory one.
 */
public interface ObjectStore {

    /** An object's size and when it was written. */
    record StoredObject(long size, Instant lastModified) {
    }

    /** An object as a listing names it. */
    record ListedObject(String key, long size, Instant lastModified) {
    }

    /** What a put writes, with its SHA-256 (lower-case hex) known, which the store checks where it can. */
    sealed interface Payload permits Bytes, SpooledFile {
        long size();

        String sha256();
    }

    /** {@code length} bytes of {@code bytes} from {@code offset}, which the caller no longer changes. */
    record Bytes(byte[] bytes, int offset, int length, String sha256) implements Payload {

        public static Bytes of(byte[] bytes, String sha256) {
            return new Bytes(bytes, 0, bytes.length, sha256);
        }

        @Override
        public long size() {
            return length;
        }
    }

    /** A file the caller spooled ({@link Spool}); it stays the caller's to delete. */
    record SpooledFile(Path file, long size, String sha256) implements Payload {
    }

    /**
     * Per-put options: the content type and user metadata ({@code x-amz-meta-*});
     * further headers (object lock, retention) go in {@code headers}.
     */
    record PutOptions(String contentType, Map<String, String> metadata, Map<String, String> headers) {

        public PutOptions {
            metadata = Map.copyOf(metadata);
            headers = Map.copyOf(headers);
        }

        /** A JSON record of the archive (a snapshot, a tree page), its SHA-256 kept as metadata. */
        public static PutOptions json(String sha256) {
            return new PutOptions("application/json", Map.of("sha256", sha256), Map.of());
        }

        /** A raw message, its SHA-256 kept as metadata for readers of the bucket. */
        public static PutOptions message(String sha256) {
            return new PutOptions("message/rfc822", Map.of("sha256", sha256), Map.of());
        }
    }

    /** Writes the payload unless an object is under the key; answers whether it wrote. */
    boolean putIfAbsent(String key, Payload payload, PutOptions options);

    /** Writes the payload under the key, replacing whatever is there. */
    void replace(String key, Payload payload, PutOptions options);

    /** The object's size and write time, or empty when there is none. */
    Optional<StoredObject> stat(String key);

    /** The object's bytes as a stream for the caller to close, or empty when there is none. */
    Optional<InputStream> get(String key);

    /**
     * At most the first {@code length} bytes of the object (one ranged read, so that a large object is not sent
     * whole for its start), or empty when there is none.
     */
    Optional<InputStream> getStart(String key, long length);

    /** The keys under the prefix, in the store's (lexicographic) order. */
    List<String> list(String prefix);

    /**
     * The folders one level below the prefix, as {@code /}-delimited common prefixes ending in {@code /} (for
     * {@code mailboxes/}: {@code mailboxes/{id}/}), without listing the objects beneath them.
     */
    List<String> children(String prefix);

    /** The first key under the prefix in the store's order, without listing the rest; empty when there is none. */
    default Optional<String> firstKey(String prefix) {
        return list(prefix).stream().findFirst();
    }

    /** The objects under the prefix with their sizes and times, in the store's (lexicographic) order. */
    List<ListedObject> listObjects(String prefix);

    /** Removes the object; removing one that is not there is no error. */
    void delete(String key);

    /**
     * Removes the objects, in as few requests as the store allows; removing one that is not there is no error.
     *
     * @throws ArchiveUnavailableException the store refused some of them (the message names the first)
     */
    default void deleteAll(List<String> keys) {
        keys.forEach(this::delete);
    }

    /**
     * Makes sure the bucket is the archive's and may be written: created and
     * marked where new (and allowed), never created again once written to.
     * Writes call it themselves; a poller calls it before each run, so a
     * lost bucket stops the polls that would otherwise move cursors on.
     *
     * @throws ArchiveLostException it may not be written, and waiting will not help: saying why and what to do
     * @throws ArchiveUnavailableException the store (or Kafka, asked about the archive's past) did not answer
     */
    void ensureBucket();

    /** Answers quickly whether the bucket exists (for readiness); fails when the store cannot be reached. */
    boolean bucketExists();

    /** The SHA-256 of an object, streamed: the object is never held in memory. */
    default String sha256Of(String key) {
        InputStream stream = get(key).orElseThrow(() -> new ArchiveUnavailableException(
                "object " + key + " is not in the bucket", null));
        MessageDigest digest = Sha256.digest();
        try (InputStream in = new DigestInputStream(stream, digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw new ArchiveUnavailableException("reading " + key + " back failed: " + e, e);
        }
        return Sha256.hex(digest);
    }

    /**
     * A stream whose SHA-256 is not known yet, written to a temporary file of
     * the directory while hashed, so that it can be put under its content
     * address without ever being held in memory. A failed spool leaves no file.
     */
    static SpooledFile spool(InputStream in, Path directory) {
        try {
            Files.createDirectories(directory);
            Path file = Files.createTempFile(directory, "spool-", ".tmp");
            MessageDigest digest = Sha256.digest();
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
                long size = in.transferTo(out);
                return new SpooledFile(file, size, Sha256.hex(digest));
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(file);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("spooling to " + directory + " failed", e);
        }
    }
}
