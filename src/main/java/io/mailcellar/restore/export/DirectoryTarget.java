package io.mailcellar.restore.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/** An export written as files under a directory (the offline command), each file's time its message's. */
public final class DirectoryTarget implements ExportTarget {

    private final Path root;

    public DirectoryTarget(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    private Path resolve(String path) {
        Path resolved = root.resolve(path).normalize();
        if (!resolved.startsWith(root)) {
            throw new IllegalArgumentException("not a path inside the export: " + path);
        }
        return resolved;
    }

    @Override
    public void directory(String path, Instant modified) throws IOException {
        Files.createDirectories(resolve(path));
    }

    @Override
    public void file(String path, long size, Instant modified, Content content) throws IOException {
        file(path, modified, content);
    }

    @Override
    public void file(String path, Instant modified, Content content) throws IOException {
        Path file = resolve(path);
        Files.createDirectories(file.getParent());
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 64 * 1024)) {
            content.writeTo(out);
        }
        Files.setLastModifiedTime(file, FileTime.from(modified));
    }

    @Override
    public void finish() {
        // Every file is complete once written.
    }

    @Override
    public void close() {
        // Nothing held open between files.
    }
}
