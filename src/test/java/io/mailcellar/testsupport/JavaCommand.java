package io.mailcellar.testsupport;

import java.nio.file.Path;

/** The java executable of the running JVM, so children run on the same JDK. */
final class JavaCommand {

    private JavaCommand() {
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
