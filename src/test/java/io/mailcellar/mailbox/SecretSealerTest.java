package io.mailcellar.mailbox;

import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

public class SecretSealerTest {

    private static final String K1 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String K2 = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());

    public static SecretSealer sealer(Map<String, String> keys, String active) {
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

    private static final SealedFor MB1 = new SealedFor("mb-1", "mail.example.test", 993, Security.TLS, "alice");

    @Test
    void sealsAndOpensWithoutTheSecretShowing() {
        SecretSealer sealer = sealer(Map.of("k1", K1), "k1");
        String sealed = sealer.seal(MB1, "hunter2-ünïcode");

        assertThat(sealed).startsWith("v2.k1.").doesNotContain("hunter2");
        assertThat(sealer.seal(MB1, "hunter2-ünïcode")).as("fresh nonce each time").isNotEqualTo(sealed);
        assertThat(sealer.open(MB1, sealed)).isEqualTo("hunter2-ünïcode");
        assertThat(sealer.open(new SealedFor("mb-1", "MAIL.Example.test", 993, Security.TLS, "alice"), sealed))
                .as("host names without case").isEqualTo("hunter2-ünïcode");
        assertThat(SecretSealer.keyIdOf(sealed)).isEqualTo("k1");
    }

    @Test
    void aSealedSecretOpensForNoOtherMailboxServerPortSecurityOrAccount() {
        SecretSealer sealer = sealer(Map.of("k1", K1), "k1");
        String sealed = sealer.seal(MB1, "hunter2");

        for (SealedFor elsewhere : java.util.List.of(
                new SealedFor("mb-2", "mail.example.test", 993, Security.TLS, "alice"),
                new SealedFor("mb-1", "attacker.example.test", 993, Security.TLS, "alice"),
                new SealedFor("mb-1", "mail.example.test", 143, Security.TLS, "alice"),
                new SealedFor("mb-1", "mail.example.test", 993, Security.NONE, "alice"),
                new SealedFor("mb-1", "mail.example.test", 993, Security.TLS, "mallory"))) {
            assertThatThrownBy(() -> sealer.open(elsewhere, sealed)).as(elsewhere.toString())
                    .isInstanceOf(SecretSealer.SealingException.class)
                    .hasMessageContaining(elsewhere.mailboxId()).hasMessageNotContaining("hunter2")
                    .hasMessageContaining("another server or account");
        }
    }

    @Test
    void afterARotationOldSecretsStillOpenWhileTheOldKeyIsListedAndResealMovesThem() {
        String sealedWithK1 = sealer(Map.of("k1", K1), "k1").seal(MB1, "hunter2");
        SecretSealer rotated = sealer(Map.of("k1", K1, "k2", K2), "k2");

        assertThat(rotated.open(MB1, sealedWithK1)).isEqualTo("hunter2");
        assertThat(rotated.seal(MB1, "new")).startsWith("v2.k2.");
        assertThatThrownBy(() -> sealer(Map.of("k2", K2), "k2").open(MB1, sealedWithK1))
                .hasMessageContaining("'k1'").hasMessageContaining("not configured");

        String resealed = rotated.reseal(MB1, sealedWithK1).orElseThrow();
        assertThat(resealed).startsWith("v2.k2.");
        assertThat(rotated.reseal(MB1, resealed)).as("already under the active key").isEmpty();
        assertThat(sealer(Map.of("k2", K2), "k2").open(MB1, resealed)).isEqualTo("hunter2");
    }

    /** Secrets sealed by earlier versions (format 1: bound to the mailbox id only) open, and reseal binds them. */
    @Test
    void theFirstFormatStillOpensAndIsResealedIntoTheCurrentOne() throws Exception {
        byte[] nonce = new byte[12];
        javax.crypto.Cipher cipher = javax.crypto.Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(javax.crypto.Cipher.ENCRYPT_MODE, new javax.crypto.spec.SecretKeySpec(Base64.getDecoder()
                .decode(K1), "AES"), new javax.crypto.spec.GCMParameterSpec(128, nonce));
        cipher.updateAAD("mb-1".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        byte[] sealed = cipher.doFinal("hunter2".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String v1 = "v1.k1." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                java.nio.ByteBuffer.allocate(12 + sealed.length).put(nonce).put(sealed).array());
        SecretSealer sealer = sealer(Map.of("k1", K1), "k1");

        assertThat(sealer.open(MB1, v1)).isEqualTo("hunter2");
        assertThatThrownBy(() -> sealer.open(new SealedFor("mb-2", "mail.example.test", 993, Security.TLS,
                "alice"), v1)).isInstanceOf(SecretSealer.SealingException.class);
        String current = sealer.reseal(MB1, v1).orElseThrow();
        assertThat(current).startsWith("v2.k1.");
        assertThat(sealer.open(MB1, current)).isEqualTo("hunter2");
    }

    @Test
    void misconfiguredKeysStopTheStartWithWhatToFix() {
        assertThatThrownBy(() -> sealer(Map.of(), null)).hasMessageContaining("openssl rand -base64 32");
        assertThatThrownBy(() -> sealer(Map.of("k1", "c2hvcnQ="), "k1")).hasMessageContaining("32");
        assertThatThrownBy(() -> sealer(Map.of("k1", K1), "k9")).hasMessageContaining("k9");
        assertThatThrownBy(() -> sealer(Map.of("k1", K1), null)).hasMessageContaining("active-key");
    }
}
