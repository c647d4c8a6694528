package io.mailcellar.sync.imap.command;

import org.eclipse.angus.mail.iap.Response;
import org.eclipse.angus.mail.imap.protocol.IMAPResponse;
import org.eclipse.angus.mail.imap.protocol.Status;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Folders from a LIST-STATUS answer (RFC 5819) as Dovecot sends it, and the MAILBOXID of a STATUS line. */
class ListFoldersTest {

    @Test
    void takesSelectableFoldersWithTheirStatusAndSpecialUseAndDecodesTheirNames() throws Exception {
        Response[] answer = RecordedAnswers.answer(
                "* LIST (\\HasNoChildren) \"/\" INBOX",
                "* STATUS INBOX (MESSAGES 3 UIDNEXT 4 UIDVALIDITY 1700000001 HIGHESTMODSEQ 7)",
                "* LIST (\\HasChildren \\Noselect) \"/\" Archive",
                "* LIST (\\HasNoChildren \\Sent) \"/\" Sent",
                "* STATUS Sent (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 1700000002 HIGHESTMODSEQ 1)",
                "* LIST (\\NonExistent \\HasChildren) \"/\" Gone",
                "* LIST (\\HasNoChildren) \"/\" \"Archive/&AMk-t&AOk-\"",
                "* STATUS \"Archive/&AMk-t&AOk-\" (MESSAGES 12 UIDNEXT 40 UIDVALIDITY 1700000003 HIGHESTMODSEQ 55)",
                "* OK [CLOSED] previous mailbox closed",
                "A5 OK List completed (0.001 + 0.000 secs).");

        ListFolders.Listing listing = ListFolders.Listing.of(answer);
        List<String> askedAlone = new ArrayList<>();
        List<RemoteFolder> folders = listing.folders(name -> {
            askedAlone.add(name);
            throw new AssertionError("every selectable folder had its STATUS in the answer");
        });

        assertThat(folders).extracting(RemoteFolder::name).containsExactly("INBOX", "Sent", "Archive/Été");
        assertThat(folders.get(0)).extracting(RemoteFolder::uidValidity, RemoteFolder::uidNext, RemoteFolder::messages,
                RemoteFolder::highestModSeq).containsExactly(1700000001L, 4L, 3, 7L);
        assertThat(folders.get(1).specialUse()).isEqualTo("\\Sent");
        assertThat(folders.get(2)).extracting(RemoteFolder::delimiter, RemoteFolder::uidNext, RemoteFolder::messages)
                .containsExactly('/', 40L, 12);
        assertThat(askedAlone).isEmpty();
        assertThat(answer).as("the LIST and STATUS lines are taken out; the others go to Angus' handlers")
                .filteredOn(r -> r != null).hasSize(2);
    }

    @Test
    void asksForTheStatusOfAFolderTheAnswerLeftOut() throws Exception {
        Response[] answer = RecordedAnswers.answer(
                "* LIST (\\HasNoChildren) \"/\" INBOX",
                "* STATUS INBOX (MESSAGES 1 UIDNEXT 2 UIDVALIDITY 9)",
                "* LIST (\\HasNoChildren) \"/\" Broken",
                "A5 OK List completed.");
        Status broken = new Status(new IMAPResponse("* STATUS Broken (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 10)"));
        List<String> askedAlone = new ArrayList<>();

        List<RemoteFolder> folders = ListFolders.Listing.of(answer).folders(name -> {
            askedAlone.add(name);
            return broken;
        });

        assertThat(askedAlone).containsExactly("Broken");
        assertThat(folders).extracting(RemoteFolder::name, RemoteFolder::uidValidity, RemoteFolder::highestModSeq)
                .containsExactly(tuple("INBOX", 9L, 0L),
                        tuple("Broken", 10L, 0L));
    }

    @Test
    void readsTheServersMailboxIdOfAFolder() {
        assertThat(ListFolders.parseServerMailboxId("* STATUS Work (MAILBOXID (F2212ea87-6097-4256-9d51-71338625))"))
                .isEqualTo("F2212ea87-6097-4256-9d51-71338625");
        assertThat(ListFolders.parseServerMailboxId("* STATUS Work (MESSAGES 2)")).isNull();
    }
}
