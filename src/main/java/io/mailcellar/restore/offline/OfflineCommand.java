package io.mailcellar.restore.offline;

import io.mailcellar.restore.export.ExportFormat;
import io.mailcellar.restore.select.FolderSelection;

import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** A command line of the offline commands, parsed and checked; every mistake is said in words. */
sealed interface OfflineCommand {

    String USAGE = """
            usage: java -jar quarkus-run.jar <command> [options]
              mailboxes                              list the mailboxes the bucket holds
              snapshots --mailbox ID                 list a mailbox's snapshots, newest first
              export --mailbox ID --format maildir|mbox --out DIR [--at TIME] [--folder F]...
                                                     write a snapshot's folders as files under DIR (new or empty):
                                                     the newest snapshot at or before TIME (RFC 3339, e.g.
                                                     2026-12-01T10:00:00Z), the latest by default; folders by
                                                     name or LIST pattern (* and %), all by default
            The bucket is read with the service's settings (MAILCELLAR_S3_ENDPOINT, MAILCELLAR_S3_BUCKET,
            MAILCELLAR_S3_PREFIX, MAILCELLAR_S3_ACCESS_KEY, MAILCELLAR_S3_SECRET_KEY, or the same keys in
            config/application.properties); Kafka and the service are not needed.""";

    Set<String> NAMES = Set.of("mailboxes", "snapshots", "export", "help");

    record Mailboxes() implements OfflineCommand {
    }

    record Snapshots(String mailbox) implements OfflineCommand {
    }

    record Export(String mailbox, ExportFormat format, Path out, Instant at, FolderSelection folders)
            implements OfflineCommand {
    }

    record Help() implements OfflineCommand {
    }

    /** Whether the arguments start with one of the offline commands (else they are the service's). */
    static boolean names(String[] args) {
        return args.length > 0 && (NAMES.contains(args[0]) || "--help".equals(args[0]));
    }

    /** @throws IllegalArgumentException the line is not a valid command: the message says what to fix */
    static OfflineCommand parse(String... args) {
        if (args.length == 0 || !names(args)) {
            throw new IllegalArgumentException("name a command: mailboxes, snapshots or export");
        }
        String command = args[0];
        String mailbox = null;
        String format = null;
        String out = null;
        String at = null;
        List<String> folders = new ArrayList<>();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (!Set.of("--mailbox", "--format", "--out", "--at", "--folder").contains(option)) {
                throw new IllegalArgumentException("unknown option " + option);
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            String value = args[++i];
            switch (option) {
                case "--mailbox" -> mailbox = value;
                case "--format" -> format = value;
                case "--out" -> out = value;
                case "--at" -> at = value;
                default -> folders.add(value);
            }
        }
        return switch (command) {
            case "mailboxes" -> {
                only(command, mailbox == null && format == null && out == null && at == null && folders.isEmpty());
                yield new Mailboxes();
            }
            case "snapshots" -> {
                only(command, format == null && out == null && at == null && folders.isEmpty());
                yield new Snapshots(required("--mailbox", mailbox));
            }
            case "export" -> export(required("--mailbox", mailbox), required("--format", format),
                    required("--out", out), at, folders);
            default -> new Help();
        };
    }

    private static Export export(String mailbox, String format, String out, String at, List<String> folders) {
        ExportFormat chosen = ExportFormat.named(format).orElseThrow(() -> new IllegalArgumentException(
                "--format must be maildir or mbox, not " + format));
        Instant time = null;
        if (at != null) {
            try {
                time = Instant.parse(at);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--at must be an RFC 3339 time in UTC, e.g. "
                        + "2026-12-01T10:00:00Z, not " + at);
            }
        }
        return new Export(mailbox, chosen, Path.of(out), time, new FolderSelection(folders));
    }

    private static void only(String command, boolean noOtherOptions) {
        if (!noOtherOptions) {
            throw new IllegalArgumentException(command + " takes " + ("mailboxes".equals(command) ? "no options"
                    : "only --mailbox"));
        }
    }

    private static String required(String option, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(option + " is required");
        }
        return value;
    }
}
