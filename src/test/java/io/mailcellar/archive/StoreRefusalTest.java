package io.mailcellar.archive;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StoreRefusalTest {

    @Test
    void aRefusedKeySaysWhichSettingsToCheck() {
        assertThat(StoreRefusal.reason(403, "InvalidAccessKeyId", "mail")).hasValue("the S3 key was refused (403 "
                + "InvalidAccessKeyId): check mailcellar.s3.access-key and mailcellar.s3.secret-key, and that the key "
                + "may read and write bucket mail");
        assertThat(StoreRefusal.reason(403, "AccessDenied", "mail")).get().asString()
                .startsWith("the S3 key was refused (403 AccessDenied)");
        assertThat(StoreRefusal.reason(403, null, "mail")).get().asString()
                .startsWith("the S3 key was refused (403)");
    }

    @Test
    void aMissingBucketAndARejectedWriteArePermanent() {
        assertThat(StoreRefusal.reason(404, "NoSuchBucket", "mail"))
                .hasValue("the bucket mail does not exist (404 NoSuchBucket)");
        assertThat(StoreRefusal.reason(501, "NotImplemented", "mail")).get().asString()
                .startsWith("S3 refused the request (501 NotImplemented)")
                .contains("mailcellar.s3.object-lock.* or mailcellar.s3.encryption.*");
        assertThat(StoreRefusal.reason(400, "InvalidArgument", "mail")).isPresent();
        assertThat(StoreRefusal.reason(403, "RequestTimeTooSkewed", "mail")).get().asString()
                .contains("clock");
    }

    @Test
    void passingTroubleIsOnlyRetried() {
        assertThat(StoreRefusal.reason(503, "SlowDown", "mail")).isEmpty();
        assertThat(StoreRefusal.reason(500, "InternalError", "mail")).isEmpty();
        assertThat(StoreRefusal.reason(400, "RequestTimeout", "mail")).isEmpty();
        assertThat(StoreRefusal.reason(409, "OperationAborted", "mail")).isEmpty();
        assertThat(StoreRefusal.reason(412, "PreconditionFailed", "mail")).isEmpty();
        assertThat(StoreRefusal.reason(429, null, "mail")).isEmpty();
    }
}
