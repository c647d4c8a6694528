package io.mailcellar.testsupport;

import java.nio.file.Path;

/** The executables of the running JVM's JDK, so children run on the same JDK. */
public final class JavaCommand {

    private JavaCommand() {
    }

    public static String java() {
        return tool("java");
    }

    /** A JDK tool by name, e.g. {@code keytool}. */
    static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }
}
