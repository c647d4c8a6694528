package io.mailcellar.archive;

import java.util.Optional;
import java.util.Set;

/**
 * Whether an S3 error answer is a refusal that waiting will not fix (a
 * revoked or wrong key, a missing bucket, a write the store rejects) and, if
 * so, what it means in words a person can act on. Throttling, timeouts,
 * conflicts and server errors are passing: they get no reason.
 */
final class StoreRefusal {

    private static final Set<String> KEY_REFUSED = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "AllAccessDisabled", "AccountProblem", "ExpiredToken", "InvalidToken",
            "InvalidSecurity", "InvalidClientTokenId");
    /** 4xx answers that a later try of the same request can get past. */
    private static final Set<String> PASSING = Set.of("RequestTimeout", "SlowDown", "OperationAborted",
            "ConditionalRequestConflict", "PreconditionFailed", "NoSuchKey", "NotFound",
            "NoSuchUpload", "BucketAlreadyOwnedByYou", "InternalError", "ServiceUnavailable");

    private StoreRefusal() {
    }

    /**
     * @param status the HTTP status of the answer
     * @param code   the S3 error code of its error document, or null
     * @return why the store refuses, or empty for an error worth only retrying
     */
    static Optional<String> reason(int status, String code, String bucket) {
        String answer = code == null || code.isBlank() ? String.valueOf(status) : status + " " + code;
        if ("RequestTimeTooSkewed".equals(code)) {
            return Optional.of("the S3 store finds this machine's clock wrong (" + answer + "): set its time right");
        }
        boolean passing = code != null && PASSING.contains(code);
        if (code != null && KEY_REFUSED.contains(code) || status == 401 || status == 403 && !passing) {
            return Optional.of("the S3 key was refused (" + answer + "): check mailcellar.s3.access-key and "
                    + "mailcellar.s3.secret-key, and that the key may read and write bucket " + bucket);
        }
        if ("NoSuchBucket".equals(code)) {
            return Optional.of("the bucket " + bucket + " does not exist (" + answer + ")");
        }
        if (passing) {
            return Optional.empty();
        }
        if ("NotImplemented".equals(code)) {
            return Optional.of("S3 refused the request (" + answer + "): the store does not implement something "
                    + "mailcellar asks of it; if mailcellar.s3.object-lock.* or mailcellar.s3.encryption.* is set, "
                    + "check that the store and bucket " + bucket + " support Object Lock and that encryption, or "
                    + "unset them");
        }
        if (status == 400 || status == 405 || status == 411 || status == 413 || status == 501) {
            return Optional.of("S3 refused the request (" + answer + "): the store does not accept what mailcellar "
                    + "sends; check that it is S3-compatible and that mailcellar.s3.* point at it");
        }
        return Optional.empty();
    }
}
