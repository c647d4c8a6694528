package io.mailcellar.restore.export;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The file formats of an export. */
public enum ExportFormat {
    /** A Maildir++ tree: one file per message, flags in its name, its time the message's INTERNALDATE. */
    MAILDIR,
    /** One mboxrd file per folder ({@link MboxQuoting}). */
    MBOX;

    /** Its name in requests and commands: {@code maildir}, {@code mbox}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format a request names, or empty for an unknown one. */
    public static Optional<ExportFormat> named(String id) {
        return Arrays.stream(values()).filter(format -> format.id().equals(id)).findFirst();
    }
}
