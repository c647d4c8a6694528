package io.mailcellar.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored formats pinned by files in {@code src/test/resources/golden}: what
 * today's code writes must equal the file to the byte, and the file must read
 * back as the value. Until the first release, a deliberate format change
 * rewrites its file in the same commit: run the test with
 * {@code -Dgolden.update=true}, review the diff, and say so in the change.
 */
public final class GoldenFiles {

    private static final Path DIR = Path.of("src/test/resources/golden");

    private GoldenFiles() {
    }

    /** The golden file's text (UTF-8). */
    public static String read(String name) {
        try {
            return Files.readString(DIR.resolve(name), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("no golden file " + name + " (write it with -Dgolden.update=true)", e);
        }
    }

    /** Whether this run rewrites golden files ({@code -Dgolden.update=true}). */
    public static boolean updating() {
        return Boolean.getBoolean("golden.update");
    }

    public static boolean exists(String name) {
        return Files.isRegularFile(DIR.resolve(name));
    }

    /** Asserts that the written text is the golden file's; with {@code -Dgolden.update=true}, writes the file. */
    public static void assertWritten(String name, String written) {
        if (Boolean.getBoolean("golden.update")) {
            try {
                Files.createDirectories(DIR.resolve(name).getParent());
                Files.writeString(DIR.resolve(name), written, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        assertThat(written).as("the stored format of %s changed; if on purpose, update the golden file "
                + "(-Dgolden.update=true) in the same commit", name).isEqualTo(read(name));
    }
}
