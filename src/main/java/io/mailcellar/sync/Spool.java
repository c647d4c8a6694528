package io.mailcellar.sync;

import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

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

    public static Path newFile() throws IOException {
        return Files.createTempFile(PREFIX, ".eml");
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
