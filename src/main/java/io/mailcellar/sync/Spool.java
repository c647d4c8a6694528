package io.mailcellar.sync;

import org.jboss.logging.Logger;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;

/**
 * Files for messages too large to hold in memory, in the temporary
 * directory ({@code java.io.tmpdir}; in the chart, the pod's {@code /tmp}
 * volume). A file lives from its fetch until the message is in the archive.
 */
public final class Spool {

    private static final Logger LOG = Logger.getLogger(Spool.class);
    private static final String PREFIX = "mailcellar-spool-";

    private Spool() {
    }

    private static final int FILE_BUFFER = 64 * 1024;

    public static Path newFile() throws IOException {
        return Files.createTempFile(PREFIX, ".eml");
    }

    /** A buffered stream that writes the file from its start, and feeds {@code digest} what it writes. */
    public static OutputStream hashing(Path file, MessageDigest digest) throws IOException {
        return new BufferedOutputStream(new DigestOutputStream(Files.newOutputStream(file), digest), FILE_BUFFER);
    }

    /** Deletes the file; one that cannot be deleted is reported, as it takes disk until the process ends. */
    public static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete the spool file %s: %s", file, e.toString());
        }
    }
}
