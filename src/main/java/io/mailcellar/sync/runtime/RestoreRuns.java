package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.event.FolderCreated;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.kafka.FencedWriteException;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.restore.RestoreBook;
import io.mailcellar.restore.RestoreRecord;
import io.mailcellar.restore.RestoreSettings;
import io.mailcellar.restore.imap.ImapRestorer;
import io.mailcellar.restore.imap.JournalStore;
import io.mailcellar.restore.imap.RestoreTarget;
import io.mailcellar.restore.imap.RestoreTargets;
import io.mailcellar.restore.select.FolderSelection;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.KnownMessages;
import io.mailcellar.sync.cursor.SyncCursor;
import io.mailcellar.sync.cursor.CursorStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.mail.MessagingException;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs a mailbox's restores on the poller that owns it, in the scheduler's
 * place of a poll (so never beside one, and within the poller's share of
 * connections), and writes their progress to the {@code restores} topic.
 * A restore into the mailbox's own account also records the messages it
 * appended (APPENDUID) in the cursor, with their {@code message.added}
 * events pointing at the objects already archived: the next poll knows them
 * and fetches nothing. A restore whose target or bucket fails is tried again
 * a few times, then failed with the reason; one this poller loses to
 * another resumes there.
 */
@ApplicationScoped
public class RestoreRuns {

    private static final Logger LOG = Logger.getLogger(RestoreRuns.class);

    private final RestoreBook book;
    private final RestoreTargets targets;
    private final SnapshotCatalog catalog;
    private final ArchiveLayout layout;
    private final ImapRestorer restorer;
    private final RestoreSettings settings;
    private final Clock clock;
    private final EventPublisher publisher;
    private final CursorStore cursors;
    private final MessageContents contents;
    /** Restores that failed for now, by id: how often, and not before when they are tried again. */
    private final Map<String, Retry> retries = new ConcurrentHashMap<>();

    private record Retry(int failures, Instant notBefore) {
    }

    RestoreRuns(RestoreBook book, RestoreTargets targets, SnapshotCatalog catalog, ObjectStore store,
                ArchiveLayout layout, RestoreSettings settings, Clock clock, EventPublisher publisher,
                CursorStore cursors, MessageContents contents) {
        this.book = book;
        this.targets = targets;
        this.catalog = catalog;
        this.layout = layout;
        this.settings = settings;
        this.clock = clock;
        this.publisher = publisher;
        this.cursors = cursors;
        this.contents = contents;
        this.restorer = new ImapRestorer(catalog, new JournalStore(store, layout),
                Path.of(System.getProperty("java.io.tmpdir")), settings.exportConcurrency(), clock,
                duration -> Thread.sleep(duration.toMillis()), settings.maxThrottled());
    }

    /**
     * Removes the records of the restores that ended {@code mailcellar.restore.keep-ended} ago, of the mailboxes
     * the predicate picks (those this poller owns), so that they do not pile up in every process's memory.
     */
    void forgetEnded(java.util.function.Predicate<String> owned) {
        for (String id : book.endedBefore(clock.instant().minus(settings.keepEnded()), owned)) {
            try {
                book.remove(id);
                retries.remove(id);
            } catch (KafkaUnavailableException e) {
                LOG.warnf("the record of ended restore %s could not be removed now, tried again later: %s", id,
                        e.getMessage());
                return;
            }
        }
    }

    /** Whether a restore of the mailbox waits to run now. */
    boolean waiting(String mailboxId) {
        return book.next(mailboxId).filter(this::due).isPresent();
    }

    /** The mailboxes with a restore waiting to run now, from one pass over the restores. */
    Set<String> waiting() {
        Set<String> mailboxes = new java.util.HashSet<>();
        book.nextByMailbox().forEach((mailboxId, record) -> {
            if (due(record)) {
                mailboxes.add(mailboxId);
            }
        });
        return mailboxes;
    }

    private boolean due(RestoreRecord record) {
        Retry retry = retries.get(record.id());
        return retry == null || !clock.instant().isBefore(retry.notBefore());
    }

    /** Runs the mailbox's waiting restore, if any; answers whether one ran. */
    boolean runIfWaiting(Mailbox mailbox, GroupFence fence) {
        Optional<RestoreRecord> next = book.next(mailbox.id()).filter(this::due);
        if (next.isEmpty()) {
            return false;
        }
        run(mailbox, fence, next.get());
        return true;
    }

    private void run(Mailbox mailbox, GroupFence fence, RestoreRecord record) {
        Instant started = record.startedAt() != null ? record.startedAt() : clock.instant();
        RestoreRecord running = record.with(RestoreRecord.State.RUNNING, started, null, record.progress());
        try {
            book.put(running);
            Snapshot snapshot = catalog.snapshot(mailbox.id(), record.snapshot()).orElseThrow(() ->
                    new IllegalStateException("its snapshot " + record.snapshot() + " is no longer in the bucket"));
            Mailbox account = record.target() == null ? mailbox : elsewhere(mailbox, record.target());
            ImapRestorer.Plan plan = new ImapRestorer.Plan(record.id(), mailbox.id(), snapshot,
                    new FolderSelection(record.folders()), Set.copyOf(record.messages()), record.into(),
                    JournalStore.accountOf(account.host(), account.username()));
            LOG.infof("mailbox %s: restore %s of snapshot %s started", mailbox.id(), record.id(), snapshot.id());
            ImapRestorer.Report report;
            try (RestoreTarget target = targets.open(account)) {
                OwnAccount own = record.target() == null
                        ? new OwnAccount(new SyncSession(publisher, cursors, contents, mailbox.id(), fence),
                        target.delimiter()) : null;
                report = restorer.restore(plan, target, new ImapRestorer.Listener() {
                    @Override
                    public void progress(ImapRestorer.Report soFar) {
                        book.put(running.with(RestoreRecord.State.RUNNING, started, null, RestoreRecord.Progress.of(soFar)));
                    }

                    @Override
                    public void placed(List<ImapRestorer.Placed> placed) {
                        if (own != null) {
                            own.record(placed);
                        }
                    }
                });
            }
            retries.remove(record.id());
            book.put(running.with(RestoreRecord.State.SUCCEEDED, started, clock.instant(), RestoreRecord.Progress.of(report)));
            LOG.infof("mailbox %s: restore %s succeeded: %d appended, %d already there, %d skipped", mailbox.id(),
                    record.id(), report.appended(), report.alreadyPresent(), report.skipped().size());
        } catch (FencedWriteException e) {
            LOG.infof("mailbox %s: restore %s moved to another poller with the mailbox; it resumes there",
                    mailbox.id(), record.id());
        } catch (ImapRestorer.StoppedException e) {
            fail(mailbox, running, started, e.getMessage());
        } catch (MessagingException | IOException | ArchiveUnavailableException | KafkaUnavailableException e) {
            retryOrFail(mailbox, running, started, e);
        } catch (RuntimeException e) {
            LOG.errorf(e, "mailbox %s: restore %s failed unexpectedly", mailbox.id(), record.id());
            fail(mailbox, running, started, e.getMessage());
        }
    }

    private void retryOrFail(Mailbox mailbox, RestoreRecord running, Instant started, Exception e) {
        Retry before = retries.get(running.id());
        int failures = before == null ? 1 : before.failures() + 1;
        String reason = Diagnosis.of(e, running.target() == null ? mailbox.host() : running.target().host())
                .reason();
        if (failures > settings.retries()) {
            retries.remove(running.id());
            fail(mailbox, running, started, reason + " (asking again resumes it, without duplicates)");
            return;
        }
        Duration wait = Duration.ofMinutes(1L << (failures - 1));
        retries.put(running.id(), new Retry(failures, clock.instant().plus(wait)));
        LOG.warnf("mailbox %s: restore %s stopped (%s); trying again in %s", mailbox.id(), running.id(), reason,
                wait);
    }

    private void fail(Mailbox mailbox, RestoreRecord running, Instant started, String error) {
        LOG.warnf("mailbox %s: restore %s failed: %s", mailbox.id(), running.id(), error);
        try {
            book.put(running.with(RestoreRecord.State.FAILED, started, clock.instant(),
                    running.progress().failed(error)));
        } catch (RuntimeException e) {
            LOG.warnf("mailbox %s: the failure of restore %s could not be written: %s", mailbox.id(), running.id(),
                    e.getMessage());
        }
    }

    /** The account a restore targets, as a mailbox the connector can log in to (the secret sealed for it). */
    private static Mailbox elsewhere(Mailbox mailbox, RestoreRecord.Target target) {
        return new Mailbox(mailbox.id(), mailbox.name(), Protocol.IMAP, target.host(), target.port(),
                target.security(), target.username(), target.auth(), mailbox.interval(), List.of("*"), List.of(),
                mailbox.pop3DeleteFromServer(), mailbox.pop3Days(), null, true, mailbox.createdAt(), mailbox.updatedAt(), null, null);
    }

    /** What a restore into the mailbox's own account tells its cursor and its archive. */
    private final class OwnAccount {
        private final SyncSession session;
        private final String delimiter;

        OwnAccount(SyncSession session, String delimiter) {
            this.session = session;
            this.delimiter = delimiter;
        }

        void record(List<ImapRestorer.Placed> placed) {
            SyncCursor cursor = session.cursor();
            List<MailEvent> events = new ArrayList<>();
            Map<String, KnownMessages.Editor> edits = new java.util.LinkedHashMap<>();
            Map<String, FolderCursor> folders = new java.util.HashMap<>();
            String mailboxId = session.mailboxId();
            for (ImapRestorer.Placed message : placed) {
                FolderCursor folder = folders.computeIfAbsent(message.folder(), name -> cursor.folder(name)
                        .orElse(null));
                if (folder == null) {
                    folder = new FolderCursor(message.uidValidity(), 1, 0, null, KnownMessages.empty(), null,
                            Map.of());
                    folders.put(message.folder(), folder);
                    events.add(new FolderCreated(mailboxId, message.folder(), message.uidValidity(), null,
                            delimiter));
                }
                if (folder.uidValidity() != message.uidValidity()) {
                    // Renumbered since the last poll: the next one matches the folder's messages by content.
                    continue;
                }
                List<String> flags = new ArrayList<>(message.message().flags());
                flags.addAll(message.message().keywords());
                FolderCursor known = folder;
                edits.computeIfAbsent(message.folder(), name -> known.messages().edit())
                        .put(message.uid(), new KnownMessage(message.message().sha256(), flags));
                events.add(new MessageAdded(mailboxId, message.folder(), message.uidValidity(), message.uid(),
                        message.message().sha256(), message.message().size(), flags,
                        message.message().internalDate(), new MessageContent.Archived(layout.messageKey(mailboxId,
                        message.message().sha256()), message.message().size(), message.message().sha256()), null));
            }
            SyncCursor next = cursor;
            for (Map.Entry<String, KnownMessages.Editor> edit : edits.entrySet()) {
                FolderCursor folder = folders.get(edit.getKey());
                next = next.with(edit.getKey(), new FolderCursor(folder.uidValidity(), folder.uidNext(),
                        folder.highestModSeq(), folder.specialUse(), edit.getValue().build(),
                        folder.serverMailboxId(), folder.pending()));
            }
            session.commit(events, next);
        }
    }
}
