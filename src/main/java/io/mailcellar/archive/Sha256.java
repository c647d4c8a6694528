package io.mailcellar.archive;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Lower-case hex SHA-256, the identity of a message in the archive. */
public final class Sha256 {

    private Sha256() {
    }

    public static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    /** The digest of {@code length} bytes from {@code offset}, without copying them. */
    public static String of(byte[] bytes, int offset, int length) {
        MessageDigest digest = digest();
        digest.update(bytes, offset, length);
        return hex(digest);
    }

    /** The digest's value, in the archive's spelling; the digest is reset. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
