package io.mailcellar.archive;

import io.minio.BucketExistsArgs;
import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioClient;
import io.minio.PutObjectArgs;
import io.minio.RemoveObjectArgs;
import io.minio.Result;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.minio.messages.Item;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import okhttp3.OkHttpClient;

import java.io.InputStream;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The {@link ObjectStore} on an S3-compatible bucket, through the MinIO SDK's
 * public API; puts of bytes whose SHA-256 is known go through
 * {@link SignedPut}. The bucket is created on first use where
 * {@code mailcellar.s3.create-bucket} allows.
 */
@ApplicationScoped
public class S3ObjectStore implements ObjectStore {

    private static final long PROBE_TIMEOUT_MS = 3_000;
    private static final String IF_NONE_MATCH = "If-None-Match";
    private static final String METADATA = "x-amz-meta-";
    private static final String BUCKET_ALREADY_OURS = "BucketAlreadyOwnedByYou";
    private static final Set<String> NOT_FOUND = Set.of("NoSuchKey", "NotFound");

    private final MinioClient client;
    /** Puts of bytes, over the same connections as {@link #client}. */
    private final SignedPut puts;
    /** A client with short timeouts, so a health probe answers quickly while S3 hangs. */
    private final MinioClient probeClient;
    private final S3Settings settings;
    private volatile boolean bucketChecked;

    @Inject
    public S3ObjectStore(S3Settings settings, Clock clock) {
        this.settings = settings;
        OkHttpClient http = S3HttpClient.create(settings.timeout().toMillis());
        this.client = newClient(settings, http);
        this.puts = new SignedPut(client, http, settings, clock);
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
        ensureBucket();
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
        return call("read " + key, () -> {
            try {
                return Optional.of(client.getObject(
                        GetObjectArgs.builder().bucket(settings.bucket()).object(key).build()));
            } catch (ErrorResponseException e) {
                if (NOT_FOUND.contains(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
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
    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    /** Answers false when the store refused the put for a failed condition. */
    private boolean put(String key, Payload payload, PutOptions options, Map<String, String> conditions) {
        ensureBucket();
        Map<String, String> headers = new HashMap<>(options.headers());
        headers.putAll(conditions);
        headers.put("Content-Type", options.contentType());
        options.metadata().forEach((name, value) -> headers.put(METADATA + name, value));
        return call("write " + key, () -> payload instanceof Bytes bytes
                ? puts.put(key, bytes, headers)
                : putFile(key, (SpooledFile) payload, headers));
    }

    /** A spooled file through the SDK's own PUT, which streams it (in parts when large). */
    private boolean putFile(String key, SpooledFile file, Map<String, String> headers) throws Exception {
        try (InputStream in = Files.newInputStream(file.file())) {
            client.putObject(PutObjectArgs.builder().bucket(settings.bucket()).object(key)
                    .stream(in, file.size(), -1).headers(headers).build());
            return true;
        } catch (ErrorResponseException e) {
            if ("PreconditionFailed".equals(e.errorResponse().code())) {
                return false;
            }
            throw e;
        }
    }

    private void ensureBucket() {
        if (bucketChecked) {
            return;
        }
        call("create bucket " + settings.bucket(), () -> {
            BucketExistsArgs exists = BucketExistsArgs.builder().bucket(settings.bucket()).build();
            if (!client.bucketExists(exists)) {
                if (!settings.createBucket()) {
                    throw new IllegalStateException("bucket " + settings.bucket()
                            + " does not exist and mailcellar.s3.create-bucket is false");
                }
                createBucket();
            }
            return null;
        });
        bucketChecked = true;
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
        } catch (Exception e) {
            throw new ArchiveUnavailableException("S3 " + what + " in bucket " + settings.bucket() + " failed: " + e, e);
        }
    }

    @FunctionalInterface
    private interface S3Call<T> {
        T run() throws Exception;
    }
}
