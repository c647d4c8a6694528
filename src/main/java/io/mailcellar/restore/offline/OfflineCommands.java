package io.mailcellar.restore.offline;

import com.fasterxml.jackson.databind.JsonNode;
import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.S3ObjectStore;
import io.mailcellar.archive.S3Settings;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.restore.RestoreSettings;
import io.mailcellar.restore.export.DirectoryTarget;
import io.mailcellar.restore.export.ExportReport;
import io.mailcellar.restore.export.Exporter;
import io.smallrye.config.ConfigValidationException;
import io.smallrye.config.SmallRyeConfig;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The commands that get mail back from the bucket alone, when nothing else
 * is left: no Kafka, no running service, only the S3 settings
 * (README, "Getting mail back when everything else is gone"). Exit codes:
 * 0 done, 1 failed (the bucket, a missing snapshot, messages left out), 2 a
 * mistake in the command line.
 */
public final class OfflineCommands {

    private final SnapshotCatalog catalog;
    private final RestoreSettings settings;
    private final PrintStream out;

    OfflineCommands(SnapshotCatalog catalog, RestoreSettings settings, PrintStream out) {
        this.catalog = catalog;
        this.settings = settings;
        this.out = out;
    }

    /** Whether the arguments name an offline command (else they are the service's). */
    public static boolean handles(String... args) {
        return OfflineCommand.names(args);
    }

    /** Runs the command the arguments name; answers the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        OfflineCommand command;
        try {
            command = OfflineCommand.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("mailcellar: " + e.getMessage());
            err.println(OfflineCommand.USAGE);
            return 2;
        }
        if (command instanceof OfflineCommand.Help) {
            out.println(OfflineCommand.USAGE);
            return 0;
        }
        SmallRyeConfig config;
        try {
            config = OfflineConfig.load();
        } catch (ConfigValidationException e) {
            err.println("mailcellar: the bucket's settings are incomplete; set them as for the service:");
            OfflineConfig.problems(e).forEach(line -> err.println("  " + line));
            return 2;
        }
        S3Settings s3 = config.getConfigMapping(S3Settings.class);
        S3ObjectStore store = new S3ObjectStore(s3, Clock.systemUTC(), () -> true);
        try {
            SnapshotCatalog catalog = new SnapshotCatalog(store, new ArchiveLayout(s3.prefix().orElse("")));
            return new OfflineCommands(catalog, config.getConfigMapping(RestoreSettings.class), out).run(command);
        } catch (ArchiveUnavailableException e) {
            err.println("mailcellar: the bucket " + s3.bucket() + " at " + s3.endpoint() + " could not be read: "
                    + e.getMessage());
            return 1;
        } catch (IllegalArgumentException | IllegalStateException | IOException e) {
            err.println("mailcellar: " + e.getMessage());
            return 1;
        } finally {
            try {
                store.close();
            } catch (Exception e) {
                err.println("mailcellar: closing the connections to the bucket failed: " + e);
            }
        }
    }

    private int run(OfflineCommand command) throws IOException {
        if (command instanceof OfflineCommand.Snapshots snapshots) {
            return snapshots(snapshots.mailbox());
        }
        if (command instanceof OfflineCommand.Export export) {
            return export(export);
        }
        return mailboxes();
    }

    private int mailboxes() {
        List<String> ids = catalog.mailboxIds();
        if (ids.isEmpty()) {
            out.println("The bucket holds no mailbox.");
            return 0;
        }
        out.printf("%-36s  %-8s  %-24s  %-40s  %s%n", "ID", "PROTOCOL", "LATEST SNAPSHOT", "ACCOUNT", "NAME");
        for (String id : ids) {
            Optional<JsonNode> manifest = catalog.manifest(id);
            String latest = catalog.ids(id).stream().findFirst()
                    .map(sid -> io.mailcellar.archive.snapshot.SnapshotIds.time(sid).toString()).orElse("none");
            out.printf("%-36s  %-8s  %-24s  %-40s  %s%n", id,
                    manifest.map(m -> m.path("protocol").asText("?")).orElse("?"), latest,
                    manifest.map(m -> m.path("username").asText("?") + "@" + m.path("host").asText("?"))
                            .orElse("(no mailbox.json)"),
                    manifest.map(m -> m.path("name").asText("")).orElse(""));
        }
        return 0;
    }

    private int snapshots(String mailbox) {
        List<String> ids = catalog.ids(mailbox);
        if (ids.isEmpty()) {
            out.println("The bucket holds no snapshot of mailbox " + mailbox + ".");
            return 1;
        }
        out.printf("%-35s  %-24s  %7s  %9s  %14s  %s%n", "SNAPSHOT", "TIME", "FOLDERS", "MESSAGES", "BYTES", "");
        for (String id : ids) {
            catalog.snapshot(mailbox, id).ifPresent(snapshot -> out.printf("%-35s  %-24s  %7d  %9d  %14d  %s%n",
                    snapshot.id(), snapshot.time(), snapshot.counts().folders(), snapshot.counts().messages(),
                    snapshot.counts().bytes(), snapshot.partial() ? "partial" : ""));
        }
        return 0;
    }

    private int export(OfflineCommand.Export command) throws IOException {
        Path dir = command.out().toAbsolutePath().normalize();
        if (Files.exists(dir) && (!Files.isDirectory(dir) || !isEmpty(dir))) {
            throw new IllegalArgumentException(dir + " is not an empty directory: name a new or empty one, so "
                    + "that nothing there is overwritten");
        }
        Optional<Snapshot> found = command.at() == null ? catalog.named(command.mailbox(), "latest")
                : catalog.at(command.mailbox(), command.at());
        Snapshot snapshot = found.orElseThrow(() -> new IllegalArgumentException("the bucket holds no snapshot of "
                + "mailbox " + command.mailbox() + (command.at() == null ? "" : " at or before " + command.at())
                + " (the command mailboxes lists the mailboxes, snapshots --mailbox ID their snapshots)"));
        if (Exporter.folders(snapshot, command.folders()).isEmpty()) {
            throw new IllegalArgumentException("snapshot " + snapshot.id() + " has no folder matching "
                    + String.join(", ", command.folders().patterns()));
        }
        Files.createDirectories(dir);
        Exporter exporter = new Exporter(catalog, Path.of(System.getProperty("java.io.tmpdir")),
                settings.exportConcurrency());
        ExportReport report;
        try (DirectoryTarget target = new DirectoryTarget(dir)) {
            report = exporter.export(command.mailbox(), snapshot, command.folders(), command.format(), target);
        }
        out.printf("Exported snapshot %s (%s) of mailbox %s as %s to %s: %d folders, %d messages, %d bytes.%n",
                snapshot.id(), snapshot.time(), command.mailbox(), command.format().id(), dir, report.folders(),
                report.messages(), report.bytes());
        if (report.keywordsNotKept() > 0) {
            out.printf("%d keyword uses did not fit the 26 Maildir keyword letters of their folders.%n",
                    report.keywordsNotKept());
        }
        if (!report.problems().isEmpty()) {
            out.printf("%d messages were left out; %s lists them and why.%n", report.problems().size(),
                    dir.resolve(Exporter.PROBLEMS_FILE));
            return 1;
        }
        return 0;
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }
}
