package io.mailcellar.archive;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** The object store that holds the archive ({@code mailcellar.s3.*}). */
@ConfigMapping(prefix = "mailcellar.s3")
public interface S3Settings {

    /** The S3 endpoint URL, e.g. {@code https://s3.eu-west-1.amazonaws.com} or a MinIO service. */
    String endpoint();

    @WithDefault("us-east-1")
    String region();

    @WithDefault("mailcellar")
    String bucket();

    /** Prefix of every key, e.g. {@code prod/}, so several installs can share a bucket; none by default. */
    Optional<String> prefix();

    String accessKey();

    String secretKey();

    /**
     * Create the bucket at start when it does not exist and the archive was
     * never written to (the archivers have no committed offsets). A bucket
     * the archive was written to is never created again, whatever this says.
     */
    @WithDefault("true")
    boolean createBucket();

    /** Connect, read and write timeout of each S3 request. */
    @WithDefault("30s")
    Duration timeout();
}
