package io.mailcellar.restore.export;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import java.util.HashSet;
import java.util.Set;

/**
 * An export as a POSIX tar stream: long and non-ASCII names in PAX headers,
 * each file's time its message's. A file whose size is not known in advance
 * (an mbox folder) is spooled to a temporary file first, since a tar header
 * states the size before the bytes; memory stays bounded either way.
 */
public final class TarTarget implements ExportTarget {

    private final BufferedOutputStream buffered;
    private final TarArchiveOutputStream tar;
    private final Path spoolDirectory;
    private final Set<String> directories = new HashSet<>();

    public TarTarget(OutputStream out, Path spoolDirectory) {
        // The tar stream writes 512-byte records; the response stream allocates a buffer for every write.
        this.buffered = new BufferedOutputStream(out, 64 * 1024);
        this.tar = new TarArchiveOutputStream(buffered, "UTF-8");
        this.tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        this.tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        this.tar.setAddPaxHeadersForNonAsciiNames(true);
        this.spoolDirectory = spoolDirectory;
    }

    @Override
    public void directory(String path, Instant modified) throws IOException {
        if (path.isEmpty() || !directories.add(path)) {
            return;
        }
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(path.substring(0, slash), modified);
        }
        TarArchiveEntry entry = new TarArchiveEntry(path + "/");
        entry.setModTime(Date.from(modified));
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    @Override
    public void file(String path, long size, Instant modified, Content content) throws IOException {
        int slash = path.lastIndexOf('/');
        if (slash > 0) {
            directory(path.substring(0, slash), modified);
        }
        TarArchiveEntry entry = new TarArchiveEntry(path);
        entry.setSize(size);
        entry.setModTime(Date.from(modified));
        tar.putArchiveEntry(entry);
        content.writeTo(new FilterOutputStream(tar) {
            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                out.write(bytes, offset, length);
            }

            @Override
            public void close() {
                // The tar stream outlives the entry.
            }
        });
        tar.closeArchiveEntry();
    }

    @Override
    public void file(String path, Instant modified, Content content) throws IOException {
        Files.createDirectories(spoolDirectory);
        Path spooled = Files.createTempFile(spoolDirectory, "mailcellar-export-", ".tmp");
        try {
            try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(spooled), 64 * 1024)) {
                content.writeTo(out);
            }
            file(path, Files.size(spooled), modified, out -> {
                try (InputStream in = Files.newInputStream(spooled)) {
                    in.transferTo(out);
                }
            });
        } finally {
            Files.deleteIfExists(spooled);
        }
    }

    @Override
    public void finish() throws IOException {
        tar.finish();
        tar.flush();
        buffered.flush();
    }

    @Override
    public void close() throws IOException {
        tar.flush();
    }
}
