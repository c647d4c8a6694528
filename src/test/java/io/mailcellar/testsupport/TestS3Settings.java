package io.mailcellar.testsupport;

import io.mailcellar.archive.S3Settings;

import java.time.Duration;
import java.util.Optional;

/** S3 settings for tests that build an archive store themselves: the test server's credentials. */
public record TestS3Settings(String endpoint, String bucket, Duration timeout, Encryption encryption,
                             ObjectLock objectLock) implements S3Settings {

    public TestS3Settings(String endpoint, String bucket) {
        this(endpoint, bucket, Duration.ofSeconds(10));
    }

    public TestS3Settings(String endpoint, String bucket, Duration timeout) {
        this(endpoint, bucket, timeout, encryption(Sse.NONE, null), lock(null, null));
    }

    /** These settings with every write encrypted and retained as given. */
    public TestS3Settings protecting(Encryption encryption, ObjectLock objectLock) {
        return new TestS3Settings(endpoint, bucket, timeout, encryption, objectLock);
    }

    public static Encryption encryption(Sse type, String kmsKeyId) {
        return new Encryption() {
            @Override
            public Sse type() {
                return type;
            }

            @Override
            public Optional<String> kmsKeyId() {
                return Optional.ofNullable(kmsKeyId);
            }
        };
    }

    public static ObjectLock lock(LockMode mode, Integer days) {
        return new ObjectLock() {
            @Override
            public Optional<LockMode> mode() {
                return Optional.ofNullable(mode);
            }

            @Override
            public Optional<Integer> days() {
                return Optional.ofNullable(days);
            }
        };
    }

    @Override
    public String region() {
        return "us-east-1";
    }

    @Override
    public Optional<String> prefix() {
        return Optional.empty();
    }

    @Override
    public String accessKey() {
        return S3Server.ACCESS_KEY;
    }

    @Override
    public String secretKey() {
        return S3Server.SECRET_KEY;
    }

    @Override
    public boolean createBucket() {
        return true;
    }
}
