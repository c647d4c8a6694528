package io.mailcellar.restore.export;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.restore.select.FolderSelection;
import io.mailcellar.testsupport.MboxReader;
import io.mailcellar.testsupport.TestArchive;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ExporterTest {

    private static final String MAILBOX = "mb-export";
    private static final Instant T1 = Instant.parse("2026-11-01T08:00:00Z");
    private static final Instant T2 = Instant.parse("2026-11-02T09:30:00Z");
    private static final Instant SNAPSHOT = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path temp;

    private static byte[] message(String subject, String body) {
        return ("From: a@example.test\r\nSubject: " + subject + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8);
    }

    /** INBOX with quoting-worthy lines and a large message, a nested non-ASCII folder, a hostile name. */
    private TestArchive archive(Map<String, byte[]> bodies) {
        TestArchive archive = new TestArchive(MAILBOX);
        archive.folder("INBOX", "/", null).folder("Projekte/Größe", "/", "\\Archive").folder("../../etc", "/", null);
        byte[] tricky = message("tricky", "From the start\r\n>From quoted\r\nFromage\r\n");
        byte[] large = message("large", "x".repeat(3 * 1024 * 1024) + "\r\n");
        byte[] eightBit = ("Subject: Grüße \u00e9\r\n\r\nK\u00e4se\r\n").getBytes(StandardCharsets.ISO_8859_1);
        bodies.put(archive.imap("INBOX", 1, tricky, T1, "\\Seen", "$Forwarded"), tricky);
        bodies.put(archive.imap("INBOX", 2, large, T2, "\\Flagged"), large);
        bodies.put(archive.imap("Projekte/Größe", 5, eightBit, T2), eightBit);
        archive.imap("Projekte/Größe", 6, tricky, T1, "\\Answered");
        archive.imap("../../etc", 9, message("evil", "x\r\n"), T1);
        return archive;
    }

    @Test
    void mboxInATarReadsBackByteForByteWithAStandardReader() throws IOException {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        TestArchive archive = archive(bodies);
        Snapshot snapshot = archive.snapshot(SNAPSHOT);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        ExportReport report = new Exporter(archive.catalog, temp, 3).export(MAILBOX, snapshot, FolderSelection.ALL,
                ExportFormat.MBOX, new TarTarget(tar, temp));

        assertThat(report.folders()).isEqualTo(3);
        assertThat(report.messages()).isEqualTo(5);
        assertThat(report.problems()).isEmpty();
        Map<String, Path> files = untar(tar.toByteArray());
        assertThat(files).containsOnlyKeys("INBOX.mbox", "Projekte/Größe.mbox", "%2E./%2E./etc.mbox");
        assertThat(MboxReader.fromLines(files.get("INBOX.mbox"))).containsExactly(
                "From MAILER-DAEMON Sun Nov  1 08:00:00 2026", "From MAILER-DAEMON Mon Nov  2 09:30:00 2026");
        assertThat(MboxReader.read(files.get("INBOX.mbox"))).containsExactly(bodies.values().stream().limit(2)
                .toArray(byte[][]::new));
        List<byte[]> nested = MboxReader.read(files.get("Projekte/Größe.mbox"));
        assertThat(nested).hasSize(2);
        assertThat(nested.get(0)).isEqualTo(bodies.values().stream().skip(2).findFirst().orElseThrow());
        assertThat(Files.readString(files.get("INBOX.mbox"), StandardCharsets.ISO_8859_1))
                .contains("\n>From the start\r\n>>From quoted\r\nFromage\r\n\nFrom MAILER-DAEMON");
        assertThat(Files.list(temp).filter(p -> p.getFileName().toString().startsWith("mailcellar-export-")))
                .as("spooled mbox files are deleted").isEmpty();
    }

    @Test
    void maildirCarriesFlagsKeywordsAndInternalDates() throws IOException {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        TestArchive archive = archive(bodies);
        Snapshot snapshot = archive.snapshot(SNAPSHOT);
        Path out = temp.resolve("out");
        ExportReport report = new Exporter(archive.catalog, temp, 2).export(MAILBOX, snapshot, FolderSelection.ALL,
                ExportFormat.MAILDIR, new DirectoryTarget(out));

        assertThat(report.messages()).isEqualTo(5);
        assertThat(out.resolve("cur")).isDirectory();
        assertThat(out.resolve("new")).isDirectory();
        assertThat(out.resolve("tmp")).isDirectory();
        assertThat(out.resolve(".Projekte.Größe/maildirfolder")).isEmptyFile();
        assertThat(out.resolve(".%2E%2E.%2E%2E.etc/cur")).isDirectory();
        List<Path> inbox = list(out.resolve("cur"));
        assertThat(inbox).extracting(p -> p.getFileName().toString()).containsExactly(
                T1.getEpochSecond() + ".U7_1.mailcellar,S=" + bodies.values().iterator().next().length + ":2,Sa",
                T2.getEpochSecond() + ".U7_2.mailcellar,S=" + List.copyOf(bodies.values()).get(1).length + ":2,F");
        assertThat(Files.readAllBytes(inbox.get(0))).isEqualTo(bodies.values().iterator().next());
        assertThat(Files.getLastModifiedTime(inbox.get(0)).toInstant()).isEqualTo(T1);
        assertThat(Files.getLastModifiedTime(inbox.get(1)).toInstant()).isEqualTo(T2);
        assertThat(out.resolve("dovecot-keywords")).hasContent("0 $Forwarded");
        assertThat(list(out.resolve(".Projekte.Größe/cur"))).extracting(p -> p.getFileName().toString())
                .anyMatch(name -> name.endsWith(":2,R"));
    }

    @Test
    void theSelectionAndThePointInTimeDecideWhatIsExported() throws IOException {
        TestArchive archive = archive(new LinkedHashMap<>());
        Snapshot first = archive.snapshot(SNAPSHOT);
        archive.imap("INBOX", 3, message("later", "y\r\n"), SNAPSHOT);
        archive.snapshot(SNAPSHOT.plusSeconds(3600));

        Snapshot atFirst = archive.catalog.at(MAILBOX, SNAPSHOT.plusSeconds(1)).orElseThrow();
        assertThat(atFirst.id()).isEqualTo(first.id());
        assertThat(archive.catalog.at(MAILBOX, SNAPSHOT.minusSeconds(1))).isEmpty();
        Path out = temp.resolve("inbox-only");
        ExportReport report = new Exporter(archive.catalog, temp, 4).export(MAILBOX, atFirst,
                new FolderSelection(List.of("INBOX")), ExportFormat.MAILDIR, new DirectoryTarget(out));
        assertThat(report.folders()).isEqualTo(1);
        assertThat(list(out.resolve("cur"))).hasSize(2);
        assertThat(out.resolve(".Projekte.Größe")).doesNotExist();
    }

    @Test
    void aMissingOrDamagedMessageIsLeftOutAndListedAndTheRestIsWritten() throws IOException {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        TestArchive archive = archive(bodies);
        Snapshot snapshot = archive.snapshot(SNAPSHOT);
        List<String> shas = List.copyOf(bodies.keySet());
        archive.store.objects.remove(archive.layout.messageKey(MAILBOX, shas.get(1)));
        archive.store.objects.put(archive.layout.messageKey(MAILBOX, shas.get(2)),
                "damaged".getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();

        ExportReport report = new Exporter(archive.catalog, temp, 2).export(MAILBOX, snapshot, FolderSelection.ALL,
                ExportFormat.MAILDIR, new TarTarget(tar, temp));

        assertThat(report.messages()).isEqualTo(3);
        assertThat(report.problems()).extracting(ExportReport.Problem::sha256)
                .containsExactlyInAnyOrder(shas.get(1), shas.get(2));
        assertThat(report.problems()).extracting(ExportReport.Problem::reason).anyMatch(reason ->
                reason.startsWith("its bytes are not in the bucket")).anyMatch(reason ->
                reason.startsWith("its stored bytes do not match their SHA-256"));
        Map<String, Path> files = untar(tar.toByteArray());
        assertThat(Files.readString(files.get(Exporter.PROBLEMS_FILE))).contains(shas.get(1), shas.get(2),
                "2 message(s) left out");
        assertThat(files.keySet().stream().filter(name -> name.contains("/cur/") || name.startsWith("cur/")))
                .hasSize(3);
    }

    private Map<String, Path> untar(byte[] tar) throws IOException {
        Map<String, Path> files = new LinkedHashMap<>();
        Path root = Files.createTempDirectory(temp, "untar");
        try (TarArchiveInputStream in = new TarArchiveInputStream(new ByteArrayInputStream(tar), "UTF-8")) {
            for (TarArchiveEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                if (entry.isDirectory()) {
                    continue;
                }
                Path file = root.resolve(entry.getName());
                assertThat(file.normalize().startsWith(root)).as(entry.getName()).isTrue();
                Files.createDirectories(file.getParent());
                try (OutputStream out = Files.newOutputStream(file)) {
                    in.transferTo(out);
                }
                assertThat(Files.size(file)).isEqualTo(entry.getSize());
                files.put(entry.getName(), file);
            }
        }
        return files;
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }
}
