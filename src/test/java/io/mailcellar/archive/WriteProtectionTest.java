package io.mailcellar.archive;

import io.mailcellar.testsupport.TestS3Settings;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class WriteProtectionTest {

    /** SHA-256 of "abc". */
    private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-05T10:15:30.123456Z"), ZoneOffset.UTC);
    private static final TestS3Settings PLAIN = new TestS3Settings("http://127.0.0.1:1", "b");

    @Test
    void everyPutCarriesItsSha256AsS3ChecksItAndNothingElseByDefault() {
        assertThat(new WriteProtection(PLAIN, CLOCK).headers(ABC))
                .containsExactly(entry("x-amz-checksum-sha256", "ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="));
    }

    @Test
    void objectLockRetainsEachWriteForItsDaysAndEncryptionIsAsked() {
        S3Settings settings = PLAIN.protecting(TestS3Settings.encryption(S3Settings.Sse.KMS, "arn:aws:kms:key/1"),
                TestS3Settings.lock(S3Settings.LockMode.COMPLIANCE, 365));

        assertThat(new WriteProtection(settings, CLOCK).headers(ABC)).contains(
                entry("x-amz-server-side-encryption", "aws:kms"),
                entry("x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:key/1"),
                entry("x-amz-object-lock-mode", "COMPLIANCE"),
                entry("x-amz-object-lock-retain-until-date", "2027-12-05T10:15:30.123Z"));
        assertThat(new WriteProtection(PLAIN.protecting(TestS3Settings.encryption(S3Settings.Sse.S3, null),
                TestS3Settings.lock(null, null)), CLOCK).headers(ABC))
                .containsEntry("x-amz-server-side-encryption", "AES256")
                .doesNotContainKeys("x-amz-object-lock-mode", "x-amz-server-side-encryption-aws-kms-key-id");
    }

    @Test
    void halfAnObjectLockSettingStopsTheStartSayingWhatIsMissing() {
        assertThatThrownBy(() -> new WriteProtection(PLAIN.protecting(TestS3Settings.encryption(S3Settings.Sse.NONE,
                null), TestS3Settings.lock(S3Settings.LockMode.GOVERNANCE, null)), CLOCK))
                .hasMessageContaining("mailcellar.s3.object-lock.mode and mailcellar.s3.object-lock.days go together");
        assertThatThrownBy(() -> new WriteProtection(PLAIN.protecting(TestS3Settings.encryption(S3Settings.Sse.NONE,
                null), TestS3Settings.lock(S3Settings.LockMode.GOVERNANCE, 0)), CLOCK))
                .hasMessageContaining("at least 1");
        assertThatThrownBy(() -> new WriteProtection(PLAIN.protecting(TestS3Settings.encryption(S3Settings.Sse.S3,
                "key"), TestS3Settings.lock(null, null)), CLOCK))
                .hasMessageContaining("kms-key-id is only used with mailcellar.s3.encryption.type=kms");
    }
}
