package io.mailcellar.archive;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.RemoveObjectsArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.DeleteError;
import io.minio.messages.DeleteObject;
import io.minio.messages.Item;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import okhttp3.OkHttpClient;

import org.jboss.logging.Logger;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ObjectStore} on an S3-compatible bucket, through the MinIO SDK's
 * public API; puts of bytes whose SHA-256 is known go through
 * {@link SignedPut}. Before it writes, and again every minute, it makes
 * sure the bucket is the archive's ({@link BucketCheck}): created and marked
 * where new and allowed, never created again once written to.
 */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {

    private static final Logger LOG = Logger.getLogger(S3ObjectStore.class);

    private static final long PROBE_TIMEOUT_MS = 3_000;
    private static final String IF_NONE_MATCH = "If-None-Match";
    private static final String METADATA = "x-amz-meta-";
    private static final String BUCKET_ALREADY_OURS = "BucketAlreadyOwnedByYou";
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NotFound");
    private static final String NO_SUCH_BUCKET = "NoSuchBucket";
    /** The object that says a bucket is the archive's, under the archive's prefix. */
    static final String MARKER = "mailcellar-archive.json";
    /** How long a bucket found fine stays trusted without asking again: a vanished one is noticed this late. */
    private static final Duration RECHECK = Duration.ofMinutes(1);

    private final MinioClient client;
    /** Puts of bytes, over the same connections as {@link #client}. */
    private final SignedPut puts;
    /** The checksum, encryption and retention headers of every PUT. */
    private final WriteProtection protection;
    /** A client with short timeouts, so a health probe answers quickly while S3 hangs. */
    private final MinioClient probeClient;
    private final S3Settings settings;
    private final ArchiveHistory history;
    private final Clock clock;
    private final String marker;
    /** When the bucket was last found the archive's; null when not (yet). */
    private volatile Instant bucketCheckedAt;
    /** The last problem found with the bucket, so it is logged once, not at every write. */
    private volatile String bucketProblem;

    @Inject
    public S3ObjectStore(S3Settings settings, Clock clock, ArchiveHistory history) {
        this.settings = settings;
        this.history = history;
        this.clock = clock;
        this.marker = settings.prefix().orElse("") + MARKER;
        OkHttpClient http = S3HttpClient.create(settings.timeout().toMillis());
        this.client = newClient(settings, http);
        this.puts = new SignedPut(client, http, settings, clock);
        this.protection = new WriteProtection(settings, clock);
        this.probeClient = newClient(settings, S3HttpClient.create(PROBE_TIMEOUT_MS));
    }

    /** A blocking client over this HTTP client, which it closes with itself. */
    private static MinioClient newClient(S3Settings settings, OkHttpClient http) {
        return MinioClient.builder()
                .httpClient(http, true)
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build();
    }

    void close(@Observes ShutdownEvent event) throws Exception {
        close();
    }

    public void close() throws Exception {
        client.close();
        probeClient.close();
    }

    @Override
    public boolean bucketExists() {
        return call("check bucket", () -> probeClient.bucketExists(
                BucketExistsArgs.builder().bucket(settings.bucket()).build()));
    }

    @Override
    public Optional<StoredObject> stat(String key) {
        return call("stat " + key, () -> {
            try {
                StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
                return Optional.of(new StoredObject(stat.size(), stat.lastModified().toInstant()));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * In one request: a conditional PUT ({@code If-None-Match: *}). A store
     * that ignores the condition overwrites the object with the same bytes,
     * which is harmless under a content-addressed key. Two writes of one key
     * racing may make the store refuse one (409 on AWS); it fails like any
     * outage and is retried, then finds the object there.
     */
    @Override
    public boolean putIfAbsent(String key, Payload payload, PutOptions options) {
        return put(key, payload, options, Map.of(IF_NONE_MATCH, "*"));
    }

    @Override
    public void replace(String key, Payload payload, PutOptions options) {
        if (!put(key, payload, options, Map.of())) {
            throw new ArchiveUnavailableException("S3 write " + key + " in bucket " + settings.bucket()
                    + " failed: the store answered 412 Precondition Failed to a PUT without conditions", null);
        }
    }

    @Override
    public Optional<InputStream> get(String key) {
        return read(key, GetObjectArgs.builder().bucket(settings.bucket()).object(key).build());
    }

    @Override
    public Optional<InputStream> getStart(String key, long length) {
        return read(key, GetObjectArgs.builder().bucket(settings.bucket()).object(key).offset(0L).length(length)
                .build());
    }

    private Optional<InputStream> read(String key, GetObjectArgs args) {
        return call("read " + key, () -> {
            try {
                return Optional.of(client.getObject(args));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    @Override
    public Optional<String> firstKey(String prefix) {
        return call("list " + prefix, () -> {
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).maxKeys(1).build())) {
                // The SDK asks for further pages only when iterated further.
                return Optional.of(item.get().objectName());
            }
            return Optional.<String>empty();
        });
    }

    @Override
    public List<String> list(String prefix) {
        return call("list " + prefix, () -> {
            List<String> keys = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
            return keys;
        });
    }

    @Override
    public List<String> children(String prefix) {
        return call("list " + prefix, () -> {
            List<String> names = new ArrayList<>();
            for (Result<Item> item : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).delimiter("/").recursive(false).build())) {
                if (item.get().isDir()) {
                    names.add(item.get().objectName());
                }
            }
            return names;
        });
    }

    @Override
    public List<ListedObject> listObjects(String prefix) {
        return call("list " + prefix, () -> {
            List<ListedObject> objects = new ArrayList<>();
            for (Result<Item> result : client.listObjects(ListObjectsArgs.builder().bucket(settings.bucket())
                    .prefix(prefix).recursive(true).build())) {
                Item item = result.get();
                objects.add(new ListedObject(item.objectName(), item.size(), item.lastModified().toInstant()));
            }
            return objects;
        });
    }

    @Override
    public void deleteAll(List<String> keys) {
        // S3 takes at most 1,000 keys per DeleteObjects request.
        for (int start = 0; start < keys.size(); start += 1000) {
            List<DeleteObject> batch = keys.subList(start, Math.min(keys.size(), start + 1000)).stream()
                    .map(DeleteObject::new).toList();
            call("delete " + batch.size() + " objects", () -> {
                for (Result<DeleteError> result : client.removeObjects(RemoveObjectsArgs.builder()
                        .bucket(settings.bucket()).objects(batch).build())) {
                    DeleteError error = result.get();
                    if (!"NoSuchKey".equals(error.code())) {
                        throw new ArchiveUnavailableException("the store did not delete " + error.objectName()
                                + ": " + error.code() + " " + error.message(), null);
                    }
                }
                return null;
            });
        }
    }

    @Override
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    /** Answers false when the store refused the put for a failed condition. */
    private boolean put(String key, Payload payload, PutOptions options, Map<String, String> conditions) {
        if (!key.equals(marker)) {
            ensureBucket();
        }
        Map<String, String> headers = new HashMap<>(options.headers());
        headers.putAll(conditions);
        headers.put("Content-Type", options.contentType());
        options.metadata().forEach((name, value) -> headers.put(METADATA + name, value));
        headers.putAll(protection.headers(payload.sha256()));
        return call("write " + key, () -> puts.put(key, payload, headers));
    }

    /**
     * Makes sure the bucket may be written; asks S3 (and, for a bucket absent
     * or unmarked, Kafka) at most once a minute while all is well.
     */
    @Override
    public void ensureBucket() {
        Instant checked = bucketCheckedAt;
        if (checked != null && clock.instant().isBefore(checked.plus(RECHECK))) {
            return;
        }
        // Each fact is its own request, failing as an outage of its own.
        BucketCheck.Verdict verdict = BucketCheck.decide(new BucketCheck.Facts() {
            @Override
            public boolean exists() {
                return call("check bucket", () -> client.bucketExists(
                        BucketExistsArgs.builder().bucket(settings.bucket()).build()));
            }

            @Override
            public boolean marked() {
                return stat(marker).isPresent();
            }

            @Override
            public boolean holdsObjects() {
                return call("list " + settings.prefix().orElse(""), () -> client.listObjects(ListObjectsArgs.builder()
                        .bucket(settings.bucket()).prefix(settings.prefix().orElse("")).maxKeys(1).build())
                        .iterator().hasNext());
            }

            @Override
            public boolean archivedBefore() {
                return history.archivedBefore();
            }
        }, settings.createBucket());
        if (!verdict.writable()) {
            String problem = BucketCheck.problem(verdict, settings.bucket(), marker);
            if (!problem.equals(bucketProblem)) {
                LOG.error(problem);
                bucketProblem = problem;
            }
            throw new ArchiveLostException(problem);
        }
        if (verdict == BucketCheck.Verdict.CREATE_AND_MARK) {
            call("create bucket", () -> {
                createBucket();
                return null;
            });
            LOG.infof("created bucket %s for the archive", settings.bucket());
        }
        if (verdict != BucketCheck.Verdict.READY) {
            writeMarker();
        }
        if (bucketProblem != null) {
            LOG.infof("bucket %s is the archive's again", settings.bucket());
            bucketProblem = null;
        }
        bucketCheckedAt = clock.instant();
    }

    private void writeMarker() {
        byte[] json = ("{\"format\":1,\"bucket\":\"" + settings.bucket() + "\",\"markedAt\":\"" + clock.instant()
                + "\",\"note\":\"this bucket holds a mailcellar archive; mailcellar never creates it again once "
                + "written to\"}\n").getBytes(StandardCharsets.UTF_8);
        put(marker, Bytes.of(json, Sha256.of(json)), new PutOptions("application/json", Map.of(), Map.of()),
                Map.of(IF_NONE_MATCH, "*"));
    }

    /**
     * Several writers meet an absent bucket at once (the archiver's pool, a poller's large-message writers, other
     * instances): the store answers all but the first with {@code BucketAlreadyOwnedByYou}, which is success.
     */
    private void createBucket() throws Exception {
        try {
            client.makeBucket(MakeBucketArgs.builder().bucket(settings.bucket()).region(settings.region()).build());
        } catch (ErrorResponseException e) {
            if (!BUCKET_ALREADY_OURS.equals(e.errorResponse().code())) {
                throw e;
            }
        }
    }

    private <T> T call(String what, S3Call<T> call) {
        try {
            return call.run();
        } catch (ArchiveUnavailableException e) {
            throw e;
        } catch (ErrorResponseException e) {
            String code = e.errorResponse().code();
            if (NO_SUCH_BUCKET.equals(code)) {
                // Gone while in use: the next write asks again, and finds out whether it may be recreated.
                bucketCheckedAt = null;
            }
            int status = e.response() == null ? 0 : e.response().code();
            // The SDK's own text spans many lines (the request's headers); one line says as much.
            String failed = "S3 " + what + " in bucket " + settings.bucket() + " failed: the store answered "
                    + status + " " + code + " (" + e.errorResponse().message() + ")";
            Optional<String> refusal = StoreRefusal.reason(status, code, settings.bucket());
            if (refusal.isPresent() && NO_SUCH_BUCKET.equals(code)) {
                throw new BucketMissingException(failed, refusal.get(), e);
            }
            if (refusal.isPresent()) {
                throw new ArchiveRefusedException(failed, refusal.get(), e);
            }
            throw new ArchiveUnavailableException(failed, e);
        } catch (Exception e) {
            throw new ArchiveUnavailableException("S3 " + what + " in bucket " + settings.bucket() + " failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
