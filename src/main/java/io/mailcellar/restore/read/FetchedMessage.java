package io.mailcellar.restore.read;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A message's bytes read from the bucket and checked against their SHA-256
 * before anything is written: held in memory when small, in a temporary
 * file when large; or why they could not be had.
 */
public sealed interface FetchedMessage {

    /** Bytes checked and ready. */
    sealed interface Ready extends FetchedMessage {
        long size();

        void writeTo(OutputStream out) throws IOException;

        /** Frees what holds the bytes. */
        void release();
    }

    record InMemory(byte[] bytes) implements Ready {
        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            out.write(bytes);
        }

        @Override
        public void release() {
            // Garbage.
        }
    }

    record OnDisk(Path file, long size) implements Ready {
        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = Files.newInputStream(file)) {
                in.transferTo(out);
            }
        }

        @Override
        public void release() {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException("the export's temporary file " + file
                        + " could not be deleted", e);
            }
        }
    }

    /** Not exported, with the reason a person reads in the export's problem list. */
    record Unavailable(String reason) implements FetchedMessage {
    }
}
