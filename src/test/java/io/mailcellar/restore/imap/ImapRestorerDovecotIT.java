package io.mailcellar.restore.imap;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.restore.imap.command.AngusTarget;
import io.mailcellar.restore.select.FolderSelection;
import io.mailcellar.testsupport.CountingImapProxy;
import io.mailcellar.testsupport.Dovecot;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MailState;
import io.mailcellar.testsupport.RawImapClient;
import io.mailcellar.testsupport.TestArchive;
import jakarta.mail.Session;
import jakarta.mail.Store;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The restore engine against Dovecot: a snapshot with nested and non-ASCII
 * folders, a special-use folder, a message in two folders and the same
 * message twice in one, 8-bit headers, every system flag and keywords, and
 * distinct INTERNALDATEs goes into an empty account under its original names
 * and arrives exactly (bytes, flags, keywords, dates); asking again APPENDs
 * nothing, with the journal and, once the journal is gone, by asking the
 * folders.
 */
class ImapRestorerDovecotIT {

    private static final String MAILBOX = "mb-restore-it";
    private static final String USER = "bob-restore@example.test";
    private static final String PASSWORD = "restore-it-pw";
    private static final Instant D1 = Instant.parse("2026-09-01T08:00:00Z");
    private static final Instant D2 = Instant.parse("2026-09-02T09:30:00Z");
    private static final Instant D3 = Instant.parse("2026-09-03T23:59:59Z");

    @TempDir
    Path temp;

    private static byte[] message(String subject) {
        return ("From: =?UTF-8?Q?J=C3=BCrgen?= <j@example.test>\r\nSubject: " + subject + "\r\nX-Raw: Grüße\r\n\r\n"
                + "From the body\r\n").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aSnapshotGoesIntoAnEmptyAccountExactlyAndOnlyOnce() throws Exception {
        Dovecot dovecot = LocalServers.get().dovecot();
        dovecot.addUser(USER, PASSWORD);
        TestArchive archive = new TestArchive(MAILBOX);
        archive.folder("INBOX", "/", null).folder("Projekte/Größe", "/", null).folder("Gesendet", "/", "\\Sent");
        byte[] shared = message("in two folders");
        byte[] twice = message("twice in INBOX");
        Map<String, List<String>> expected = new HashMap<>();
        expected.put("INBOX", new ArrayList<>());
        expected.put("Projekte/Größe", new ArrayList<>());
        expected.put("Gesendet", new ArrayList<>());
        add(archive, expected, "INBOX", 1, shared, D1, "\\Seen", "\\Answered", "$Forwarded");
        add(archive, expected, "INBOX", 2, twice, D2, "\\Flagged", "\\Draft", "Work");
        add(archive, expected, "INBOX", 3, twice, D3);
        add(archive, expected, "Projekte/Größe", 10, shared, D3, "\\Seen");
        add(archive, expected, "Gesendet", 4, message("sent"), D2, "\\Seen");
        Snapshot snapshot = archive.snapshot(Instant.parse("2026-12-01T10:00:00Z"));
        JournalStore journals = new JournalStore(archive.store, archive.layout);
        ImapRestorer restorer = new ImapRestorer(archive.catalog, journals, temp, 4, Clock.systemUTC(),
                duration -> { }, Duration.ofMinutes(10));
        String account = JournalStore.accountOf("127.0.0.1", USER);

        try (CountingImapProxy proxy = new CountingImapProxy(dovecot.imapPort())) {
            ImapRestorer.Report first = restore(restorer, proxy, snapshot, "r1", account);
            assertThat(first.appended()).isEqualTo(5);
            assertThat(first.alreadyPresent()).isZero();
            assertThat(first.skipped()).isEmpty();
            assertThat(appends(proxy)).isEqualTo(5);
            try (RawImapClient client = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
                for (String folder : expected.keySet()) {
                    assertThat(MailState.of(client.fetchAll(folder))).as(folder)
                            .isEqualTo(expected.get(folder).stream().sorted().toList());
                }
                assertThat(client.listedNames()).contains("Projekte/Gr&APYA3w-e", "Gesendet");
                // Dovecot 2.3 has no CREATE-SPECIAL-USE: the folder is created plain, and says nothing of its use.
                assertThat(client.listAttributes("Gesendet")).doesNotContain("\\Sent");
                assertThat(proxy.commandLog()).contains("CREATE Gesendet");
            }

            ImapRestorer.Report second = restore(restorer, proxy, snapshot, "r2", account);
            assertThat(second.appended()).isZero();
            assertThat(second.alreadyPresent()).isEqualTo(5);
            assertThat(appends(proxy)).as("APPENDs after the second restore").isEqualTo(5);
            assertThat(proxy.contentFetches()).as("the journal answered, no folder was read").isZero();

            archive.store.objects.keySet().removeIf(key -> key.contains("/restore-journals/"));
            ImapRestorer.Report third = restore(restorer, proxy, snapshot, "r3", account);
            assertThat(third.appended()).isZero();
            assertThat(third.alreadyPresent()).isEqualTo(5);
            assertThat(appends(proxy)).as("APPENDs once the journal was lost").isEqualTo(5);
            assertThat(journals.read(MAILBOX, account)).as("what the folders held, journaled again").hasSize(5);
        }
        try (RawImapClient client = new RawImapClient(dovecot.imapPort(), USER, PASSWORD)) {
            assertThat(MailState.of(client.fetchAll("INBOX"))).hasSize(3);
        }
    }

    private static void add(TestArchive archive, Map<String, List<String>> expected, String folder, long uid,
                            byte[] raw, Instant date, String... flags) {
        archive.imap(folder, uid, raw, date, flags);
        expected.get(folder).add(MailState.line(raw, Arrays.asList(flags), date));
    }

    private static ImapRestorer.Report restore(ImapRestorer restorer, CountingImapProxy proxy, Snapshot snapshot,
                                               String restoreId, String account) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("mail.imap.connectiontimeout", "10000");
        properties.setProperty("mail.imap.timeout", "30000");
        Store store = Session.getInstance(properties).getStore("imap");
        store.connect("127.0.0.1", proxy.port(), USER, PASSWORD);
        try (AngusTarget target = new AngusTarget(store)) {
            return restorer.restore(new ImapRestorer.Plan(restoreId, MAILBOX, snapshot, FolderSelection.ALL, Set.of(),
                    "", account), target, report -> { });
        }
    }

    private static long appends(CountingImapProxy proxy) {
        return proxy.commandLog().stream().filter(line -> line.startsWith("APPEND ")).count();
    }
}
