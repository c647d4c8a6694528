package io.mailcellar.restore.export;

import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.TreeMessage;
import io.mailcellar.restore.read.FetchedMessage;
import io.mailcellar.restore.read.MessageFetcher;
import io.mailcellar.restore.select.FolderSelection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;

/**
 * Writes a snapshot's folders as files (docs/restore.md): a Maildir++ tree
 * or one mboxrd file per folder, every message byte for byte as stored and
 * checked against its SHA-256 first. A message the bucket lacks or holds
 * damaged is left out and listed, with the reason, in
 * {@link #PROBLEMS_FILE}; the rest is written. Folder by folder, page by
 * page: memory does not grow with the mailbox.
 */
public final class Exporter {

    /** The file, at the top of an export, that lists the messages left out; only written when there are any. */
    public static final String PROBLEMS_FILE = "mailcellar-export-problems.txt";

    private final SnapshotCatalog catalog;
    private final Path spoolDirectory;
    private final int concurrency;

    /**
     * @param spoolDirectory where large messages and a tar's mbox files wait on disk
     * @param concurrency    how many messages are read from the bucket at once
     */
    public Exporter(SnapshotCatalog catalog, Path spoolDirectory, int concurrency) {
        this.catalog = catalog;
        this.spoolDirectory = spoolDirectory;
        this.concurrency = concurrency;
    }

    /** The snapshot's folders the selection names, by name. */
    public static List<Snapshot.Folder> folders(Snapshot snapshot, FolderSelection selection) {
        return snapshot.folders().stream().filter(folder -> selection.includes(folder.name(), folder.delimiter()))
                .sorted(Comparator.comparing(Snapshot.Folder::name)).toList();
    }

    /** Writes the selected folders of the mailbox's snapshot to the target, and ends it. */
    public ExportReport export(String mailboxId, Snapshot snapshot, FolderSelection selection, ExportFormat format,
                               ExportTarget target) throws IOException {
        Tally tally = new Tally();
        List<Snapshot.Folder> folders = folders(snapshot, selection);
        try (MessageFetcher fetcher = new MessageFetcher(catalog, mailboxId, spoolDirectory, concurrency)) {
            for (Snapshot.Folder folder : folders) {
                if (format == ExportFormat.MAILDIR) {
                    maildir(mailboxId, snapshot, folder, fetcher, target, tally);
                } else {
                    mbox(mailboxId, snapshot, folder, fetcher, target, tally);
                }
            }
        }
        if (!tally.problems.isEmpty()) {
            byte[] list = problemList(snapshot, tally.problems);
            target.file(PROBLEMS_FILE, list.length, snapshot.time(), out -> out.write(list));
        }
        target.finish();
        return new ExportReport(snapshot.id(), folders.size(), tally.messages, tally.bytes, tally.keywordsNotKept,
                tally.problems);
    }

    private void maildir(String mailboxId, Snapshot snapshot, Snapshot.Folder folder, MessageFetcher fetcher,
                         ExportTarget target, Tally tally) throws IOException {
        String directory = FolderPaths.maildirFolder(folder.name(), folder.delimiter());
        String base = directory.isEmpty() ? "" : directory + "/";
        for (String part : List.of("cur", "new", "tmp")) {
            target.directory(base + part, snapshot.time());
        }
        if (!directory.isEmpty()) {
            // Courier and Dovecot mark a Maildir++ subfolder with this empty file.
            target.file(base + "maildirfolder", 0, snapshot.time(), out -> { });
        }
        MaildirNames names = new MaildirNames();
        fetcher.forEach(messages(mailboxId, folder), (message, fetched) -> {
            if (fetched instanceof FetchedMessage.Ready ready) {
                Instant received = received(message, snapshot);
                target.file(base + "cur/" + names.file(message, folder.uidValidity(), received), ready.size(),
                        received, ready::writeTo);
                tally.written(ready.size());
            } else {
                tally.leftOut(folder, message, (FetchedMessage.Unavailable) fetched);
            }
        });
        byte[] keywords = names.dovecotKeywords();
        if (keywords.length > 0) {
            target.file(base + "dovecot-keywords", keywords.length, snapshot.time(), out -> out.write(keywords));
        }
        tally.keywordsNotKept += names.keywordsNotKept();
    }

    private void mbox(String mailboxId, Snapshot snapshot, Snapshot.Folder folder, MessageFetcher fetcher,
                      ExportTarget target, Tally tally) throws IOException {
        target.file(FolderPaths.mboxFile(folder.name(), folder.delimiter()), snapshot.time(), out -> {
            MboxQuoting quoting = new MboxQuoting(out);
            fetcher.forEach(messages(mailboxId, folder), (message, fetched) -> {
                if (fetched instanceof FetchedMessage.Ready ready) {
                    out.write(MboxQuoting.fromLine(received(message, snapshot)));
                    ready.writeTo(quoting);
                    quoting.endMessage();
                    tally.written(ready.size());
                } else {
                    tally.leftOut(folder, message, (FetchedMessage.Unavailable) fetched);
                }
            });
            quoting.flush();
        });
    }

    /** A folder's messages in tree order, one page read at a time. */
    private Iterator<TreeMessage> messages(String mailboxId, Snapshot.Folder folder) {
        return folder.pages().stream().flatMap(ref -> catalog.page(mailboxId, ref).messages().stream()).iterator();
    }

    /** INTERNALDATE; for POP3, when mailcellar first saw the message. */
    public static Instant received(TreeMessage message, Snapshot snapshot) {
        if (message.internalDate() != null) {
            return message.internalDate();
        }
        return message.firstSeen() != null ? message.firstSeen() : snapshot.time();
    }

    private static byte[] problemList(Snapshot snapshot, List<ExportReport.Problem> problems) {
        StringBuilder text = new StringBuilder("mailcellar export of snapshot ").append(snapshot.id())
                .append(": ").append(problems.size()).append(" message(s) left out\n\n");
        for (ExportReport.Problem problem : problems) {
            text.append(problem.folder()).append('\t').append(problem.sha256()).append('\t')
                    .append(problem.reason()).append('\n');
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static final class Tally {
        long messages;
        long bytes;
        long keywordsNotKept;
        final List<ExportReport.Problem> problems = new ArrayList<>();

        void written(long size) {
            messages++;
            bytes += size;
        }

        void leftOut(Snapshot.Folder folder, TreeMessage message, FetchedMessage.Unavailable why) {
            problems.add(new ExportReport.Problem(folder.name(), message.sha256(), why.reason()));
        }
    }
}
