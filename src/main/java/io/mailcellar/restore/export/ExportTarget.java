package io.mailcellar.restore.export;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;

/**
 * Where an export writes its files: a tar stream ({@link TarTarget}) or a
 * directory ({@link DirectoryTarget}). Paths are relative, {@code /}-separated
 * and already safe ({@link FolderPaths}).
 */
public interface ExportTarget extends Closeable {

    /** Writes a file's bytes to the stream it is given, which it must not close. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A directory, and the directories above it. */
    void directory(String path, Instant modified) throws IOException;

    /** A file of exactly {@code size} bytes. */
    void file(String path, long size, Instant modified, Content content) throws IOException;

    /** A file whose size is known only once it is written (an mbox folder). */
    void file(String path, Instant modified, Content content) throws IOException;

    /** Ends the export (a tar's end blocks); the stream under it stays open. */
    void finish() throws IOException;
}
