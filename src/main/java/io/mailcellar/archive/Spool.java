package io.mailcellar.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * Writes a stream whose SHA-256 is not known yet to a temporary file while
 * hashing it, so that it can then be put under its content address without
 * ever being held in memory. A failed spool leaves no file behind.
 */
final class Spool {

    private Spool() {
    }

    static ObjectStore.SpooledFile write(InputStream in, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = Files.createTempFile(directory, "spool-", ".tmp");
        MessageDigest digest = Sha256.digest();
        long length;
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), digest)) {
            length = in.transferTo(out);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(file);
            throw e;
        }
        return new ObjectStore.SpooledFile(file, length, HexFormat.of().formatHex(digest.digest()));
    }
}
