package io.mailcellar.testsupport;

import io.mailcellar.archive.S3Settings;

import java.time.Duration;
import java.util.Optional;

/** S3 settings for tests that build an archive store themselves: the test server's credentials. */
public record TestS3Settings(String endpoint, String bucket, Duration timeout) implements S3Settings {

    public TestS3Settings(String endpoint, String bucket) {
        this(endpoint, bucket, Duration.ofSeconds(10));
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
