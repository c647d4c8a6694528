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

    /** Server-side encryption of every object written ({@code mailcellar.s3.encryption.*}). */
    Encryption encryption();

    /** Object Lock retention of every object written ({@code mailcellar.s3.object-lock.*}); none by default. */
    ObjectLock objectLock();

    /** How the store encrypts what it keeps. */
    enum Sse {
        /** As the bucket's own default says. */
        NONE,
        /** SSE-S3: keys the store manages ({@code AES256}). */
        S3,
        /** SSE-KMS: a key in the cloud's key service ({@code aws:kms}), whose use it logs and can revoke. */
        KMS
    }

    interface Encryption {
        /** none (the bucket's default), s3 or kms. */
        @WithDefault("none")
        Sse type();

        /** With kms: the key's id or ARN; left out, the account's default KMS key for S3. */
        Optional<String> kmsKeyId();
    }

    /** S3 Object Lock modes; the bucket must have Object Lock (and so versioning) switched on. */
    enum LockMode {
        /** Users with s3:BypassGovernanceRetention may still remove a version early. */
        GOVERNANCE,
        /** Nobody, the account's root included, removes a version before its date. */
        COMPLIANCE
    }

    interface ObjectLock {
        /** governance or compliance; left out, no retention is asked for. */
        Optional<LockMode> mode();

        /** How many days each object version is kept from its write; required with mode. */
        Optional<Integer> days();
    }
}
