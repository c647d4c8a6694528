package io.mailcellar.restore.imap;

import io.mailcellar.archive.Sha256;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.restore.select.FolderSelection;
import io.mailcellar.testsupport.TestArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImapRestorerTest {

    private static final String MAILBOX = "mb-1";
    private static final Instant T = Instant.parse("2026-11-01T08:00:00Z");

    @TempDir
    Path temp;

    /** An account in memory: folders of appended messages; the next APPEND answers can be scripted. */
    static final class FakeTarget implements RestoreTarget {
        final Map<String, List<byte[]>> folders = new HashMap<>();
        final Map<String, List<Instant>> dates = new HashMap<>();
        final Map<String, String> specialUse = new HashMap<>();
        final Deque<AppendResult> script = new ArrayDeque<>();
        int appends;

        @Override
        public String delimiter() {
            return ".";
        }

        @Override
        public boolean exists(String folder) {
            return folders.containsKey(folder);
        }

        @Override
        public void create(String folder, String use) {
            folders.put(folder, new ArrayList<>());
            dates.put(folder, new ArrayList<>());
            specialUse.put(folder, use);
        }

        @Override
        public Folder open(String name) {
            List<byte[]> messages = folders.get(name);
            return new Folder() {
                @Override
                public long uidValidity() {
                    return 9;
                }

                @Override
                public boolean keeps(String keyword) {
                    return true;
                }

                @Override
                public Map<Long, Long> sizes() {
                    Map<Long, Long> sizes = new HashMap<>();
                    for (int i = 0; i < messages.size(); i++) {
                        sizes.put(i + 1L, (long) messages.get(i).length);
                    }
                    return sizes;
                }

                @Override
                public String sha256(long uid) {
                    return Sha256.of(messages.get((int) uid - 1));
                }

                @Override
                public AppendResult append(long size, Bytes bytes, List<String> flags, Instant date) {
                    appends++;
                    AppendResult scripted = script.poll();
                    if (scripted != null && !(scripted instanceof Appended)) {
                        return scripted;
                    }
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    try {
                        bytes.writeTo(out);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    assertThat(out.size()).isEqualTo(size);
                    messages.add(out.toByteArray());
                    dates.get(name).add(date);
                    return new Appended(9L, (long) messages.size());
                }
            };
        }

        @Override
        public void close() {
        }
    }

    private static byte[] message(String subject) {
        return ("Subject: " + subject + "\r\n\r\nx\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private ImapRestorer restorer(TestArchive archive, List<Duration> waits) {
        return new ImapRestorer(archive.catalog, new JournalStore(archive.store, archive.layout), temp, 2,
                Clock.systemUTC(), waits::add, Duration.ofMinutes(2));
    }

    private static ImapRestorer.Plan plan(Snapshot snapshot, Set<String> messages, String into) {
        return new ImapRestorer.Plan("r-1", MAILBOX, snapshot, FolderSelection.ALL, messages, into,
                JournalStore.accountOf("imap.example.test", "bob"));
    }

    @Test
    void aFolderThatHoldsSomeCopiesAlreadyGetsOnlyTheMissingOnes() throws Exception {
        TestArchive archive = new TestArchive(MAILBOX);
        archive.folder("INBOX", "/", null).folder("Work/2026", "/", "\\Archive");
        byte[] same = message("same");
        archive.imap("INBOX", 1, same, T);
        archive.imap("INBOX", 2, same, T.plusSeconds(1));
        archive.imap("INBOX", 3, message("other"), T.plusSeconds(2));
        archive.imap("Work/2026", 7, message("work"), T.plusSeconds(3));
        Snapshot snapshot = archive.snapshot(T.plusSeconds(60));
        FakeTarget target = new FakeTarget();
        target.create("INBOX", null);
        target.folders.get("INBOX").add(same);

        ImapRestorer.Report report = restorer(archive, new ArrayList<>()).restore(plan(snapshot, Set.of(), ""),
                target, r -> { });

        assertThat(report.alreadyPresent()).isEqualTo(1);
        assertThat(report.appended()).isEqualTo(3);
        assertThat(target.folders.get("INBOX")).hasSize(3);
        assertThat(target.folders.get("Work.2026")).hasSize(1);
        assertThat(target.specialUse.get("Work.2026")).isEqualTo("\\Archive");
        assertThat(report.folders()).extracting(ImapRestorer.FolderReport::target).containsExactly("INBOX",
                "Work.2026");
    }

    @Test
    void refusedMessagesAreSkippedWithTheServersWordsAndABusyServerIsWaitedFor() throws Exception {
        TestArchive archive = new TestArchive(MAILBOX);
        archive.folder("INBOX", "/", null);
        String tooBig = archive.imap("INBOX", 1, message("too big"), T);
        archive.imap("INBOX", 2, message("fine"), T);
        Snapshot snapshot = archive.snapshot(T.plusSeconds(60));
        FakeTarget target = new FakeTarget();
        target.script.add(new RestoreTarget.Refused("[LIMIT] message too large"));
        target.script.add(new RestoreTarget.Busy("[THROTTLED] slow down"));
        target.script.add(new RestoreTarget.Busy("[THROTTLED] slow down"));
        List<Duration> waits = new ArrayList<>();

        ImapRestorer.Report report = restorer(archive, waits).restore(plan(snapshot, Set.of(), "Restored"), target,
                r -> { });

        assertThat(report.skipped()).containsExactly(new ImapRestorer.Skipped("INBOX", tooBig,
                "the target refused it: [LIMIT] message too large"));
        assertThat(report.appended()).isEqualTo(1);
        assertThat(waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));
        assertThat(target.folders.get("Restored.INBOX")).hasSize(1);
    }

    @Test
    void aFullTargetStopsTheRestoreAndWhatWentInIsJournaled() throws Exception {
        TestArchive archive = new TestArchive(MAILBOX);
        archive.folder("INBOX", "/", null);
        archive.imap("INBOX", 1, message("one"), T);
        archive.imap("INBOX", 2, message("two"), T);
        Snapshot snapshot = archive.snapshot(T.plusSeconds(60));
        FakeTarget target = new FakeTarget();
        target.script.add(new RestoreTarget.Appended(null, null));
        target.script.add(new RestoreTarget.Full("[OVERQUOTA] quota exceeded"));
        ImapRestorer restorer = restorer(archive, new ArrayList<>());

        assertThatThrownBy(() -> restorer.restore(plan(snapshot, Set.of(), ""), target, r -> { }))
                .isInstanceOf(ImapRestorer.StoppedException.class)
                .hasMessage("the target account is full: [OVERQUOTA] quota exceeded");
        assertThat(new JournalStore(archive.store, archive.layout).read(MAILBOX,
                JournalStore.accountOf("imap.example.test", "bob"))).hasSize(1);

        target.folders.get("INBOX").clear();
        ImapRestorer.Report resumed = restorer.restore(plan(snapshot, Set.of(), ""), target, r -> { });
        assertThat(resumed.alreadyPresent()).as("the journal says the first went in").isEqualTo(1);
        assertThat(resumed.appended()).isEqualTo(1);
    }

    @Test
    void onlyTheNamedMessagesAndPop3MessagesWithTheirFirstSeenTime() throws Exception {
        TestArchive archive = new TestArchive(MAILBOX);
        String wanted = archive.pop3("UIDL-1", message("pop one"), T);
        archive.pop3("UIDL-2", message("pop two"), T.plusSeconds(5));
        Snapshot snapshot = archive.snapshot(T.plusSeconds(60));
        FakeTarget target = new FakeTarget();
        List<ImapRestorer.Placed> placed = new ArrayList<>();

        ImapRestorer.Report report = restorer(archive, new ArrayList<>()).restore(plan(snapshot, Set.of(wanted),
                "POP3"), target, new ImapRestorer.Listener() {
                    @Override
                    public void progress(ImapRestorer.Report soFar) {
                    }

                    @Override
                    public void placed(List<ImapRestorer.Placed> messages) {
                        placed.addAll(messages);
                    }
                });

        assertThat(report.appended()).isEqualTo(1);
        assertThat(target.dates.get("POP3.INBOX")).containsExactly(T);
        assertThat(placed).extracting(p -> p.message().sha256()).containsExactly(wanted);
        assertThat(placed).extracting(ImapRestorer.Placed::uid).containsExactly(1L);
    }

    @Test
    void targetNamesUseTheTargetsDelimiter() {
        assertThat(TargetNames.of("Projects/Alpha", "/", "Restored/2026-12-01", ".")).isEqualTo(
                "Restored.2026-12-01.Projects.Alpha");
        assertThat(TargetNames.of("INBOX", "/", "", "/")).isEqualTo("INBOX");
        assertThat(TargetNames.of("v1.2/notes", "/", "", ".")).isEqualTo("v1_2.notes");
        assertThat(TargetNames.of("INBOX", null, "/POP3/", "/")).isEqualTo("POP3/INBOX");
        assertThat(TargetNames.of("A/B", "/", "X", null)).isEqualTo("X_A_B");
    }
}
