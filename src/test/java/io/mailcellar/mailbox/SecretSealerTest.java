package io.mailcellar.mailbox;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretSealerTest {

    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    static SecretSealer sealer(Map<String, String> keys, String active) {
        return new SecretSealer(new SealingSettings() {
            @Override
            public Map<String, String> keys() {
                return keys;
            }

            @Override
            public Optional<String> activeKey() {
                return Optional.ofNullable(active);
            }
        });
    }

    @Test
    void sealsAndOpensWithoutTheSecretShowing() {
        SecretSealer sealer = sealer(Map.of("k1", K1), "k1");
        String sealed = sealer.seal("mb-1", "hunter2-ünïcode");

        assertThat(sealed).startsWith("v1.k1.").doesNotContain("hunter2");
        assertThat(sealer.seal("mb-1", "hunter2-ünïcode")).as("fresh nonce each time").isNotEqualTo(sealed);
        assertThat(sealer.open("mb-1", sealed)).isEqualTo("hunter2-ünïcode");
    }

    @Test
    void aSealedSecretCopiedToAnotherMailboxDoesNotOpen() {
        SecretSealer sealer = sealer(Map.of("k1", K1), "k1");
        String sealed = sealer.seal("mb-1", "hunter2");

        assertThatThrownBy(() -> sealer.open("mb-2", sealed))
                .isInstanceOf(SecretSealer.SealingException.class)
                .hasMessageContaining("mb-2").hasMessageNotContaining("hunter2");
    }

    @Test
    void afterARotationOldSecretsStillOpenWhileTheOldKeyIsListed() {
        String sealedWithK1 = sealer(Map.of("k1", K1), "k1").seal("mb-1", "hunter2");
        SecretSealer rotated = sealer(Map.of("k1", K1, "k2", K2), "k2");

        assertThat(rotated.open("mb-1", sealedWithK1)).isEqualTo("hunter2");
        assertThat(rotated.seal("mb-1", "new")).startsWith("v1.k2.");
        assertThatThrownBy(() -> sealer(Map.of("k2", K2), "k2").open("mb-1", sealedWithK1))
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");
    }

    @Test
    void misconfiguredKeysStopTheStartWithWhatToFix() {
        assertThatThrownBy(() -> sealer(Map.of(), null)).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> sealer(Map.of("k1", "c2hvcnQ="), "k1")).hasMessageContaining("32");
        assertThatThrownBy(() -> sealer(Map.of("k1", K1), "k9")).hasMessageContaining("k9");
        assertThatThrownBy(() -> sealer(Map.of("k1", K1), null)).hasMessageContaining("active-key");
    }
}
