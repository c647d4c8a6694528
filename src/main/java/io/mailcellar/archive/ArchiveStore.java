package io.mailcellar.archive;

import io.minio.BucketExistsArgs;
import io.minio.CopyObjectArgs;
import io.minio.CopySource;
import io.minio.Directive;
import io.minio.GetObjectArgs;
import io.minio.MakeBucketArgs;
import io.minio.MinioAsyncClient;
import io.minio.MinioClient;
import io.minio.RemoveObjectArgs;
import io.minio.StatObjectArgs;
import io.minio.StatObjectResponse;
import io.minio.errors.ErrorResponseException;
import io.quarkus.runtime.ShutdownEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import okhttp3.OkHttpClient;

import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.time.Instant;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;

/**
 * The bucket, through the MinIO SDK. Every failure of the store surfaces as
 * {@link ArchiveUnavailableException}, for the caller to retry.
 */
@ApplicationScoped
public class ArchiveStore {

    private static final String RFC822 = "message/rfc822";
    private static final long PROBE_TIMEOUT_MS = 3_000;
    private static final String IF_NONE_MATCH = "If-None-Match";
    private static final String SHA256_METADATA = "x-amz-meta-sha256";
    private static final String BUCKET_ALREADY_OURS = "BucketAlreadyOwnedByYou";

    private final MinioClient client;
    /** Message writes, over the same connections as {@link #client}. */
    private final MessagePutClient puts;
    /** A client with short timeouts, so a health probe answers quickly while S3 hangs. */
    private final MinioClient probeClient;
    private final S3Settings settings;
    private volatile boolean bucketChecked;

    protected ArchiveStore(S3Settings settings) {
        this.settings = settings;
        OkHttpClient http = S3HttpClient.create(settings.timeout().toMillis());
        this.client = newClient(settings, http);
        this.puts = new MessagePutClient(MinioAsyncClient.builder()
                .httpClient(http, false)
                .endpoint(settings.endpoint())
                .region(settings.region())
                .credentials(settings.accessKey(), settings.secretKey())
                .build());
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
        puts.close();
        client.close();
        probeClient.close();
    }

    /** Answers when the bucket can be reached (for readiness). */
    public boolean bucketReachable() {
        return call("check bucket", () -> probeClient.bucketExists(
                BucketExistsArgs.builder().bucket(settings.bucket()).build()));
    }

    /** An object's size and when it was written. */
    public record StoredObject(long size, Instant lastModified) {
    }

    /** The size of the object, or empty when there is none. */
    public Optional<Long> size(String key) {
        return stat(key).map(StoredObject::size);
    }

    /** The object's size and write time, or empty when there is none. */
    public Optional<StoredObject> stat(String key) {
        ensureBucket();
        return call("stat " + key, () -> {
            try {
                StatObjectResponse stat = client.statObject(
                        StatObjectArgs.builder().bucket(settings.bucket()).object(key).build());
                return Optional.of(new StoredObject(stat.size(), stat.lastModified().toInstant()));
            } catch (ErrorResponseException e) {
                if ("NoSuchKey".equals(e.errorResponse().code()) || "NotFound".equals(e.errorResponse().code())) {
                    return Optional.empty();
                }
                throw e;
            }
        });
    }

    /**
     * Writes {@code length} bytes from {@code offset} under the key unless an object is already there, in one
     * request: a conditional PUT ({@code If-None-Match: *}). Answers whether it
     * wrote them. The request is signed with the payload's SHA-256, which the
     * store checks against the bytes it received before it keeps any of them;
     * for a message that is the message's own SHA-256. A store that ignores the
     * condition overwrites the object with the same bytes, which is harmless
     * under a content-addressed key. Two writes of one key racing may make the
     * store refuse one (409 on AWS); it fails like any outage and is retried,
     * then finds the object there.
     */
    public boolean putIfAbsent(String key, byte[] bytes, int offset, int length, String sha256) {
        return put(key, bytes, offset, length, sha256, Map.of(IF_NONE_MATCH, "*"));
    }

    /** Writes {@code length} bytes from {@code offset} under the key, replacing whatever is there. */
    public void replace(String key, byte[] bytes, int offset, int length, String sha256) {
        if (!put(key, bytes, offset, length, sha256, Map.of())) {
            throw new ArchiveUnavailableException("S3 write " + key + " in bucket " + settings.bucket()
                    + " failed: the store answered 412 Precondition Failed to a PUT without conditions", null);
        }
    }

    public void delete(String key) {
        call("delete " + key, () -> {
            client.removeObject(RemoveObjectArgs.builder().bucket(settings.bucket()).object(key).build());
            return null;
        });
    }

    /** Copies an object inside the bucket on the server side: no bytes pass through this process. */
    public void copy(String from, String to, String sha256) {
        ensureBucket();
        call("copy " + from + " to " + to, () -> client.copyObject(CopyObjectArgs.builder()
                .bucket(settings.bucket())
                .object(to)
                .source(CopySource.builder().bucket(settings.bucket()).object(from).build())
                .metadataDirective(Directive.REPLACE)
                .headers(Map.of("Content-Type", RFC822))
                .userMetadata(Map.of(SHA256_METADATA, sha256))
                .build()));
    }

    /** The SHA-256 of an object, streamed: the object is never held in memory. */
    public String sha256Of(String key) {
        return call("verify " + key, () -> {
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(
                    client.getObject(GetObjectArgs.builder().bucket(settings.bucket()).object(key).build()), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest());
        });
    }

    /**
     * A PUT of a message, its SHA-256 kept as user metadata, with {@code conditions} as extra headers. Answers
     * false when the store refused it for a failed condition.
     */
    private boolean put(String key, byte[] bytes, int offset, int length, String sha256,
                        Map<String, String> conditions) {
        ensureBucket();
        Map<String, String> headers = new HashMap<>(conditions);
        headers.put("Content-Type", RFC822);
        headers.put(SHA256_METADATA, sha256);
        return call("write " + key, () -> puts.put(settings.bucket(), key, bytes, offset, length,
                sha256, headers));
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
