package io.mailcellar.testsupport;

import io.minio.GetObjectArgs;
import io.minio.ListObjectsArgs;
import io.minio.MinioClient;
import io.minio.Result;
import io.minio.messages.Item;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/** Reads the test S3 server directly, as a restore would: no service in between. */
public final class S3Objects implements AutoCloseable {

    private final MinioClient client;
    private final String bucket;

    public S3Objects(S3Server server, String bucket) {
        this.client = MinioClient.builder().endpoint(server.endpoint()).region("us-east-1")
                .credentials(S3Server.ACCESS_KEY, S3Server.SECRET_KEY).build();
        this.bucket = bucket;
    }

    public List<String> keys(String prefix) {
        List<String> keys = new ArrayList<>();
        try {
            if (!client.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build())) {
                return keys;
            }
            for (Result<Item> item : client.listObjects(
                    ListObjectsArgs.builder().bucket(bucket).prefix(prefix).recursive(true).build())) {
                keys.add(item.get().objectName());
            }
        } catch (Exception e) {
            throw new IllegalStateException("listing " + bucket + "/" + prefix + " failed", e);
        }
        return keys;
    }

    public byte[] read(String key) {
        try (InputStream in = client.getObject(GetObjectArgs.builder().bucket(bucket).object(key).build())) {
            return in.readAllBytes();
        } catch (Exception e) {
            throw new IllegalStateException("reading " + key + " failed", e);
        }
    }

    /** Removes an object behind the service's back: a mistake, a lifecycle rule, a lost disk. */
    public void delete(String key) {
        try {
            client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
        } catch (Exception e) {
            throw new IllegalStateException("removing " + key + " failed", e);
        }
    }

    /** Puts an object behind the service's back, as a person restoring it would. */
    public void put(String key, byte[] bytes) {
        try {
            client.putObject(io.minio.PutObjectArgs.builder().bucket(bucket).object(key)
                    .stream(new java.io.ByteArrayInputStream(bytes), bytes.length, -1).build());
        } catch (Exception e) {
            throw new IllegalStateException("writing " + key + " failed", e);
        }
    }

    public boolean bucketExists() {
        try {
            return client.bucketExists(io.minio.BucketExistsArgs.builder().bucket(bucket).build());
        } catch (Exception e) {
            throw new IllegalStateException("checking " + bucket + " failed", e);
        }
    }

    /** Removes every object, and the bucket too when {@code andBucket}: an operator's mistake, or a lost volume. */
    public void empty(boolean andBucket) {
        try {
            for (String key : keys("")) {
                client.removeObject(io.minio.RemoveObjectArgs.builder().bucket(bucket).object(key).build());
            }
            if (andBucket) {
                client.removeBucket(io.minio.RemoveBucketArgs.builder().bucket(bucket).build());
            }
        } catch (Exception e) {
            throw new IllegalStateException("emptying " + bucket + " failed", e);
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
    }
}
