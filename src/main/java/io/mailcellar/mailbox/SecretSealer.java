package io.mailcellar.mailbox;

import jakarta.enterprise.context.ApplicationScoped;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Seals mailbox secrets with AES-256-GCM before they reach Kafka. A sealed
 * value reads {@code v2.<keyId>.<base64url(nonce || ciphertext+tag)>}; its
 * associated data is the mailbox id with the server and account the secret
 * is for ({@link SealedFor}), so it opens for nothing else. Values of the
 * first format ({@code v1}, bound to the mailbox id only) still open, and
 * {@link #reseal} turns them into the current one.
 */
@ApplicationScoped
public class SecretSealer {

    private static final String LEGACY = "v1";
    private static final String CURRENT = "v2";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final Map<String, SecretKey> keys;
    private final String activeKey;
    private final SecureRandom random = new SecureRandom();

    SecretSealer(SealingSettings settings) {
        this.keys = decodeKeys(settings.keys());
        if (keys.isEmpty()) {
            throw new IllegalStateException("no sealing key configured: set mailcellar.sealing.keys.<id> "
                    + "(env MAILCELLAR_SEALING_KEYS_<ID>) to a base64 256-bit key, e.g. from 'openssl rand -base64 32', "
                    + "and mailcellar.sealing.active-key to <id>");
        }
        this.activeKey = settings.activeKey().orElseThrow(() -> new IllegalStateException(
                "mailcellar.sealing.active-key is not set; it must name one of the keys " + keys.keySet()));
        if (!keys.containsKey(activeKey)) {
            throw new IllegalStateException("mailcellar.sealing.active-key '" + activeKey
                    + "' is not among the configured keys " + keys.keySet());
        }
    }

    /** The id of the key new secrets are sealed with. */
    public String activeKeyId() {
        return activeKey;
    }

    /** Whether a key of this id is configured, so that what it sealed opens. */
    public boolean hasKey(String keyId) {
        return keys.containsKey(keyId);
    }

    /** The id of the key a value was sealed with; null when it is not in sealed form. */
    public static String keyIdOf(String sealed) {
        String[] parts = sealed == null ? new String[0] : sealed.split("\\.", 3);
        return parts.length == 3 && (LEGACY.equals(parts[0]) || CURRENT.equals(parts[0])) ? parts[1] : null;
    }

    public String seal(SealedFor binding, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, keys.get(activeKey), nonce, binding.associatedData());
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
            return CURRENT + "." + activeKey + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM unavailable", e);
        }
    }

    public String open(SealedFor binding, String sealed) {
        String mailboxId = binding.mailboxId();
        String[] parts = sealed.split("\\.", 3);
        if (parts.length != 3 || !LEGACY.equals(parts[0]) && !CURRENT.equals(parts[0])) {
            throw new SealingException("mailbox " + mailboxId + ": secret is not in sealed form");
        }
        SecretKey key = keys.get(parts[1]);
        if (key == null) {
            throw new SealingException("mailbox " + mailboxId + ": secret was sealed with key '" + parts[1]
                    + "', which is not configured (keep retired keys in mailcellar.sealing.keys until "
                    + "POST /api/v1/admin/reseal has resealed everything)");
        }
        byte[] associatedData = LEGACY.equals(parts[0])
                ? mailboxId.getBytes(StandardCharsets.UTF_8) : binding.associatedData();
        try {
            byte[] in = Base64.getUrlDecoder().decode(parts[2]);
            byte[] nonce = java.util.Arrays.copyOf(in, NONCE_BYTES);
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, key, nonce, associatedData);
            byte[] plain = cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES);
            return new String(plain, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SealingException("mailbox " + mailboxId + ": sealed secret does not open with key '"
                    + parts[1] + "' (a wrong key, tampering, or a record changed to send it to another server "
                    + "or account)");
        }
    }

    /**
     * The secret sealed anew under the active key in the current format, or
     * empty when it already is.
     */
    public Optional<String> reseal(SealedFor binding, String sealed) {
        if (sealed.startsWith(CURRENT + "." + activeKey + ".")) {
            return Optional.empty();
        }
        return Optional.of(seal(binding, open(binding, sealed)));
    }

    private static Cipher cipher(int mode, SecretKey key, byte[] nonce, byte[] associatedData)
            throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(associatedData);
        return cipher;
    }

    private static Map<String, SecretKey> decodeKeys(Map<String, String> encoded) {
        Map<String, SecretKey> decoded = new HashMap<>();
        encoded.forEach((id, base64) -> {
            if (!id.matches("[a-z0-9]+")) {
                throw new IllegalStateException("sealing key id '" + id + "' must be lower-case letters and digits");
            }
            byte[] raw;
            try {
                raw = Base64.getDecoder().decode(base64.trim());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("sealing key '" + id + "' is not valid base64", e);
            }
            if (raw.length != 32) {
                throw new IllegalStateException("sealing key '" + id + "' has " + raw.length
                        + " bytes; AES-256 needs 32 (openssl rand -base64 32)");
            }
            decoded.put(id, new SecretKeySpec(raw, "AES"));
        });
        return Map.copyOf(decoded);
    }

    /** A sealed secret that cannot be opened: wrong or missing key, or tampering. */
    public static class SealingException extends RuntimeException {
        public SealingException(String message) {
            super(message);
        }
    }
}
