package io.mailcellar.restore.imap;

import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.TreeMessage;
import io.mailcellar.restore.export.Exporter;
import io.mailcellar.restore.read.FetchedMessage;
import io.mailcellar.restore.read.MessageFetcher;
import io.mailcellar.restore.select.FolderSelection;
import jakarta.mail.MessagingException;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Puts a snapshot's messages back into an IMAP account (docs/restore.md):
 * each APPENDed byte for byte with its INTERNALDATE, system flags, and the
 * keywords the folder keeps; folders created with the target's delimiter and
 * their special use. Idempotent: the journal of the target account says what
 * earlier restores appended, keyed by (target folder, SHA-256, occurrence),
 * and where it is silent on a message (a first restore into a folder that
 * already holds mail, or a restart after an APPEND whose journal page was
 * not written) the folder itself is asked, by size and then by the SHA-256 of
 * the candidates' bytes. A message the server refuses is skipped with its
 * reason; a server asking to slow down is waited for.
 */
public final class ImapRestorer {

    /**
     * A journal page, with the progress, is written after this many entries or this long, whichever comes
     * first: what a crash may leave to be found again by asking the folder. Each write waits for the bucket and
     * Kafka, so a fast restore writes few.
     */
    static final int JOURNAL_PAGE = 1000;
    static final Duration JOURNAL_INTERVAL = Duration.ofSeconds(2);

    /** What to restore. */
    public record Plan(String restoreId, String mailboxId, Snapshot snapshot, FolderSelection folders,
                       Set<String> messages, String into, String account) {

        public Plan {
            messages = Set.copyOf(messages);
        }
    }

    /** One folder's outcome. */
    public record FolderReport(String folder, String target, long appended, long alreadyPresent, long skipped) {
    }

    /** A message not restored, and why. */
    public record Skipped(String folder, String sha256, String reason) {
    }

    /** Where a restore put what. */
    public record Report(List<FolderReport> folders, long appended, long alreadyPresent, List<Skipped> skipped) {

        public Report {
            folders = List.copyOf(folders);
            skipped = List.copyOf(skipped);
        }
    }

    /** A message appended where the server said (APPENDUID): {@code folder} is the target's name. */
    public record Placed(String folder, long uidValidity, long uid, TreeMessage message) {
    }

    /** Hears how a restore goes. */
    public interface Listener {

        /** The report so far, after each journal page and each folder. */
        void progress(Report report);

        /**
         * Messages appended since the last call, before the journal page that records them is written: a
         * restore into the mailbox's own account records them in its cursor here, so the next poll does not
         * fetch them.
         */
        default void placed(List<Placed> placed) {
        }
    }

    /** Why a restore stopped before its end (the target is full, or kept asking to wait). */
    public static final class StoppedException extends Exception {
        public StoppedException(String message) {
            super(message);
        }
    }

    /** Waits; a test's clock does not. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private record Item(TreeMessage message, int occurrence) {
    }

    private final SnapshotCatalog catalog;
    private final JournalStore journals;
    private final Path spoolDirectory;
    private final int window;
    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxBusy;

    /**
     * @param window  messages read from the bucket ahead of the APPENDs
     * @param maxBusy how long a server may keep asking to wait, in all, before the restore stops
     */
    public ImapRestorer(SnapshotCatalog catalog, JournalStore journals, Path spoolDirectory, int window, Clock clock,
                        Sleeper sleeper, Duration maxBusy) {
        this.catalog = catalog;
        this.journals = journals;
        this.spoolDirectory = spoolDirectory;
        this.window = window;
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxBusy = maxBusy;
    }

    /**
     * Restores the plan into the target; the listener hears how it goes.
     *
     * @throws StoppedException    the target is full, or asked to wait for longer than allowed
     * @throws MessagingException  the target failed (a lost connection): a new run resumes
     */
    public Report restore(Plan plan, RestoreTarget target, Listener listener)
            throws MessagingException, IOException, StoppedException {
        Run run = new Run(plan, target, listener, journals.read(plan.mailboxId(), plan.account()));
        try (MessageFetcher fetcher = new MessageFetcher(catalog, plan.mailboxId(), spoolDirectory, window)) {
            String delimiter = target.delimiter();
            for (Snapshot.Folder folder : Exporter.folders(plan.snapshot(), plan.folders())) {
                run.folder(folder, TargetNames.of(folder.name(), folder.delimiter(), plan.into(), delimiter),
                        fetcher);
            }
        } catch (IOException e) {
            // The fetcher's handler can throw only IOException: what the target said travels inside it.
            if (e.getCause() instanceof StoppedException stopped) {
                throw stopped;
            }
            if (e.getCause() instanceof TargetFailedException failed) {
                throw (MessagingException) failed.getCause();
            }
            throw e;
        } finally {
            run.flush();
        }
        return run.report();
    }

    /** One restore's state: its journal, what it appended since the last page, its counts. */
    private final class Run {
        private final Plan plan;
        private final RestoreTarget target;
        private final Listener listener;
        private final Map<String, JournalEntry> journal;
        private final List<JournalEntry> unwritten = new ArrayList<>();
        private final List<Placed> placed = new ArrayList<>();
        private final List<FolderReport> folders = new ArrayList<>();
        private final List<Skipped> skipped = new ArrayList<>();
        private long appended;
        private long alreadyPresent;
        private Duration busyFor = Duration.ZERO;
        private Instant lastFlush = clock.instant();

        Run(Plan plan, RestoreTarget target, Listener listener, Map<String, JournalEntry> journal) {
            this.plan = plan;
            this.target = target;
            this.listener = listener;
            this.journal = journal;
        }

        void folder(Snapshot.Folder folder, String targetName, MessageFetcher fetcher)
                throws MessagingException, IOException, StoppedException {
            List<Item> items = items(folder);
            if (items.isEmpty() && !plan.messages().isEmpty()) {
                return;
            }
            boolean created = false;
            if (!target.exists(targetName)) {
                target.create(targetName, folder.specialUse());
                created = true;
            }
            RestoreTarget.Folder open = target.open(targetName);
            long appendedBefore = appended;
            long presentBefore = alreadyPresent;
            long skippedBefore = skipped.size();
            List<Item> pending = new ArrayList<>();
            for (Item item : items) {
                if (journal.containsKey(key(targetName, item))) {
                    alreadyPresent++;
                } else {
                    pending.add(item);
                }
            }
            if (!created && !pending.isEmpty()) {
                pending = notInFolder(open, targetName, pending);
            }
            List<Item> queue = pending;
            int[] next = {0};
            fetcher.forEach(queue.stream().map(Item::message).iterator(), (message, fetched) -> {
                Item item = queue.get(next[0]++);
                if (fetched instanceof FetchedMessage.Ready ready) {
                    append(open, targetName, folder, item, ready);
                } else {
                    skipped.add(new Skipped(folder.name(), message.sha256(),
                            ((FetchedMessage.Unavailable) fetched).reason()));
                }
            });
            flush();
            folders.add(new FolderReport(folder.name(), targetName, appended - appendedBefore,
                    alreadyPresent - presentBefore, skipped.size() - skippedBefore));
            listener.progress(report());
        }

        /** The folder's messages the plan names, each with its occurrence among equal bytes, in tree order. */
        private List<Item> items(Snapshot.Folder folder) {
            List<Item> items = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (Snapshot.PageRef ref : folder.pages()) {
                for (TreeMessage message : catalog.page(plan.mailboxId(), ref).messages()) {
                    if (plan.messages().isEmpty() || plan.messages().contains(message.sha256())) {
                        items.add(new Item(message, seen.merge(message.sha256(), 1, Integer::sum)));
                    }
                }
            }
            return items;
        }

        /** The pending messages the folder does not hold yet; those it holds are counted and journaled. */
        private List<Item> notInFolder(RestoreTarget.Folder open, String targetName, List<Item> pending)
                throws MessagingException {
            Set<Long> sizes = new HashSet<>();
            pending.forEach(item -> sizes.add(item.message().size()));
            Map<String, Integer> present = new HashMap<>();
            for (Map.Entry<Long, Long> held : open.sizes().entrySet()) {
                if (sizes.contains(held.getValue())) {
                    present.merge(open.sha256(held.getKey()), 1, Integer::sum);
                }
            }
            List<Item> missing = new ArrayList<>();
            for (Item item : pending) {
                if (present.getOrDefault(item.message().sha256(), 0) >= item.occurrence()) {
                    alreadyPresent++;
                    record(new JournalEntry(targetName, item.message().sha256(), item.occurrence(), null, null));
                } else {
                    missing.add(item);
                }
            }
            return missing;
        }

        private void append(RestoreTarget.Folder open, String targetName, Snapshot.Folder folder, Item item,
                            FetchedMessage.Ready ready) throws IOException {
            TreeMessage message = item.message();
            List<String> flags = new ArrayList<>(message.flags());
            flags.addAll(message.keywords());
            Duration wait = Duration.ofSeconds(1);
            while (true) {
                RestoreTarget.AppendResult result;
                try {
                    result = open.append(ready.size(), ready::writeTo, flags,
                            Exporter.received(message, plan.snapshot()));
                } catch (MessagingException e) {
                    throw new IOException(new TargetFailedException(e));
                }
                if (result instanceof RestoreTarget.Appended done) {
                    appended++;
                    if (done.uid() != null) {
                        placed.add(new Placed(targetName, done.uidValidity(), done.uid(), message));
                    }
                    record(new JournalEntry(targetName, message.sha256(), item.occurrence(), done.uidValidity(),
                            done.uid()));
                    return;
                }
                if (result instanceof RestoreTarget.Refused refused) {
                    skipped.add(new Skipped(folder.name(), message.sha256(), "the target refused it: "
                            + refused.reason()));
                    return;
                }
                if (result instanceof RestoreTarget.Full full) {
                    throw new IOException(new StoppedException("the target account is full: " + full.reason()));
                }
                String reason = ((RestoreTarget.Busy) result).reason();
                busyFor = busyFor.plus(wait);
                if (busyFor.compareTo(maxBusy) > 0) {
                    throw new IOException(new StoppedException("the target kept asking to wait (" + reason
                            + ") for longer than " + maxBusy.toMinutes() + " minutes in all"));
                }
                try {
                    sleeper.sleep(wait);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException("the restore was interrupted while the target asked to wait");
                }
                wait = wait.multipliedBy(2).compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1)
                        : wait.multipliedBy(2);
            }
        }

        private void record(JournalEntry entry) {
            journal.put(entry.key(), entry);
            unwritten.add(entry);
            if (unwritten.size() >= JOURNAL_PAGE
                    || !clock.instant().isBefore(lastFlush.plus(JOURNAL_INTERVAL))) {
                flush();
                listener.progress(report());
            }
        }

        /** Hands over what was placed, then writes the journal page: a crash between the two loses neither. */
        void flush() {
            lastFlush = clock.instant();
            if (!placed.isEmpty()) {
                listener.placed(List.copyOf(placed));
                placed.clear();
            }
            if (!unwritten.isEmpty()) {
                journals.append(plan.mailboxId(), plan.account(), plan.restoreId(), List.copyOf(unwritten),
                        clock.instant());
                unwritten.clear();
            }
        }

        Report report() {
            return new Report(folders, appended, alreadyPresent, skipped);
        }
    }

    private static String key(String targetName, Item item) {
        return new JournalEntry(targetName, item.message().sha256(), item.occurrence(), null, null).key();
    }

    /** A failure of the target inside the fetcher's handler, carried out through its IOException. */
    static final class TargetFailedException extends Exception {
        TargetFailedException(MessagingException cause) {
            super(cause.getMessage(), cause);
        }
    }
}
