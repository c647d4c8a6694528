package io.mailcellar.archive;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headers every PUT carries besides its own: the SHA-256 of the object as
 * S3 checks it ({@code x-amz-checksum-sha256}, which buckets under Object
 * Lock require of every write), and, as configured, server-side encryption
 * and Object Lock retention until a number of days from now. Pure.
 */
final class WriteProtection {

    private static final DateTimeFormatter ISO_MILLIS = DateTimeFormatter.ISO_INSTANT;

    private final S3Settings.Encryption encryption;
    private final S3Settings.ObjectLock lock;
    private final Clock clock;

    WriteProtection(S3Settings settings, Clock clock) {
        this.encryption = settings.encryption();
        this.lock = settings.objectLock();
        this.clock = clock;
        if (lock.mode().isPresent() != lock.days().isPresent()) {
            throw new IllegalStateException("mailcellar.s3.object-lock.mode and mailcellar.s3.object-lock.days go "
                    + "together: set both (e.g. governance and 365), or neither");
        }
        if (lock.days().isPresent() && lock.days().get() < 1) {
            throw new IllegalStateException("mailcellar.s3.object-lock.days must be at least 1, not "
                    + lock.days().get());
        }
        if (encryption.kmsKeyId().isPresent() && encryption.type() != S3Settings.Sse.KMS) {
            throw new IllegalStateException("mailcellar.s3.encryption.kms-key-id is only used with "
                    + "mailcellar.s3.encryption.type=kms");
        }
    }

    /** The headers for a PUT of an object whose SHA-256 is {@code sha256Hex}. */
    Map<String, String> headers(String sha256Hex) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("x-amz-checksum-sha256", Base64.getEncoder().encodeToString(HexFormat.of().parseHex(sha256Hex)));
        switch (encryption.type()) {
            case NONE -> {
            }
            case S3 -> headers.put("x-amz-server-side-encryption", "AES256");
            case KMS -> {
                headers.put("x-amz-server-side-encryption", "aws:kms");
                encryption.kmsKeyId().ifPresent(key -> headers.put("x-amz-server-side-encryption-aws-kms-key-id", key));
            }
        }
        lock.mode().ifPresent(mode -> {
            Instant until = clock.instant().truncatedTo(ChronoUnit.MILLIS).plus(lock.days().orElseThrow(),
                    ChronoUnit.DAYS);
            headers.put("x-amz-object-lock-mode", mode.name());
            headers.put("x-amz-object-lock-retain-until-date", ISO_MILLIS.format(until));
        });
        return headers;
    }
}
