package io.mailcellar.sync.imap.command;

import com.icegreen.greenmail.user.GreenMailUser;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.mailcellar.testsupport.FreePorts;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.internet.MimeMessage;
import org.eclipse.angus.mail.imap.IMAPFolder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.SortedMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The FETCH side of a sync against an in-JVM IMAP server: messages are handed
 * over one by one as they arrive, the end of each FETCH batch is reported, and
 * a handler that fails mid-answer leaves the connection usable.
 */
class UidFetchTest {

    private static final String USER = "fetcher@example.test";
    private static final String PASSWORD = "fetcher-secret";

    private static GreenMail greenMail;

    @BeforeAll
    static void start() throws Exception {
        greenMail = new GreenMail(new ServerSetup(FreePorts.next(), "127.0.0.1", ServerSetup.PROTOCOL_IMAP));
        greenMail.start();
        GreenMailUser user = greenMail.setUser(USER, USER, PASSWORD);
        Session session = Session.getInstance(new Properties());
        for (int i = 1; i <= 5; i++) {
            user.deliver(new MimeMessage(session, new ByteArrayInputStream(message(i))));
        }
    }

    @AfterAll
    static void stop() {
        greenMail.stop();
    }

    @Test
    void handsOverEachMessageByteExactAndReportsTheEndOfEachBatch() throws Exception {
        try (Store store = connect()) {
            IMAPFolder inbox = openInbox(store);
            SortedMap<Long, Long> sizes = UidFetchSizes.from(inbox, 1);
            List<String> seen = new ArrayList<>();

            UidFetchBodies.fetch(inbox, sizes, Long.MAX_VALUE, 2, UidFetchBodies.Items.ALL, new UidFetchBodies.BodyHandler() {
                @Override
                public void onMessage(UidFetchBodies.FetchedMessage message) {
                    byte[] body = Arrays.copyOfRange(message.bytes(), message.offset(),
                            message.offset() + message.length());
                    assertThat(body).isEqualTo(message((int) message.uid()));
                    seen.add("message " + message.uid());
                }

                @Override
                public void onBatchEnd(List<Long> requested, List<String> unparsed) {
                    seen.add("end " + requested);
                    assertThat(unparsed).isEmpty();
                }
            });

            assertThat(sizes).hasSize(5);
            assertThat(seen).containsExactly("message 1", "message 2", "end [1, 2]", "message 3", "message 4",
                    "end [3, 4]", "message 5", "end [5]");
        }
    }

    @Test
    void aFailingHandlerStopsTheFetchAndLeavesTheConnectionUsable() throws Exception {
        try (Store store = connect()) {
            IMAPFolder inbox = openInbox(store);
            SortedMap<Long, Long> sizes = UidFetchSizes.from(inbox, 1);
            List<Long> handed = new ArrayList<>();

            assertThatThrownBy(() -> UidFetchBodies.fetch(inbox, sizes, Long.MAX_VALUE, 100, UidFetchBodies.Items.ALL, message -> {
                handed.add(message.uid());
                if (message.uid() == 2) {
                    throw new IllegalStateException("the store is away");
                }
            })).isInstanceOf(IllegalStateException.class).hasMessage("the store is away");

            assertThat(handed).as("nothing after the failure is handed over").containsExactly(1L, 2L);
            List<Long> again = new ArrayList<>();
            UidFetchBodies.fetch(inbox, sizes, Long.MAX_VALUE, 100, UidFetchBodies.Items.ALL, message -> again.add(message.uid()));
            assertThat(again).as("the rest of the failed answer was read, none of it left for the next command")
                    .containsExactly(1L, 2L, 3L, 4L, 5L);
        }
    }

    private static Store connect() throws Exception {
        Store store = Session.getInstance(new Properties()).getStore("imap");
        store.connect("127.0.0.1", greenMail.getImap().getPort(), USER, PASSWORD);
        return store;
    }

    /** The INBOX, opened read-only as a sync opens it. */
    private static IMAPFolder openInbox(Store store) throws Exception {
        IMAPFolder inbox = (IMAPFolder) store.getFolder("INBOX");
        inbox.open(Folder.READ_ONLY);
        return inbox;
    }

    private static byte[] message(int n) {
        return ("From: sender@example.test\r\nTo: " + USER + "\r\nSubject: message " + n
                + "\r\nMessage-ID: <fetcher-" + n + "@example.test>\r\n\r\nBody " + "of message ".repeat(n * 50)
                + n + ".\r\n").getBytes(StandardCharsets.US_ASCII);
    }
}
