package io.mailcellar.sync.push;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Limits;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Push;
import io.mailcellar.mailbox.Security;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WatchPlanTest {

    @Test
    void inboxByDefaultAndNoMoreFoldersThanTheConnectionLimitLeavesRoomFor() {
        assertThat(WatchPlan.of(mailbox(Protocol.IMAP, true, null, null)).watched()).containsExactly("INBOX");

        WatchPlan three = WatchPlan.of(mailbox(Protocol.IMAP, true, List.of("INBOX", "Sent", "Work"), null));
        assertThat(three.watched()).as("3 connections: one for the runs, two for IDLE").containsExactly("INBOX", "Sent");
        assertThat(three.left()).containsExactly("Work");

        assertThat(WatchPlan.of(mailbox(Protocol.IMAP, true, List.of("INBOX", "Sent"), 1)).watched())
                .as("one connection is the runs'").isEmpty();
    }

    @Test
    void nothingIsWatchedWithoutIdleOrOverPop3() {
        assertThat(WatchPlan.of(mailbox(Protocol.IMAP, false, null, null)).watched()).isEmpty();
        assertThat(WatchPlan.of(mailbox(Protocol.POP3, true, null, null)).watched()).isEmpty();
    }

    private static Mailbox mailbox(Protocol protocol, boolean idle, List<String> folders, Integer connections) {
        return new Mailbox("mb-1", "n", protocol, "mail.example.test", 993, Security.TLS, "u",
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v2.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                Pop3DeleteMode.NEVER, null, null, true, Instant.EPOCH, Instant.EPOCH,
                connections == null ? null : new Limits(null, null, connections), new Push(idle, folders));
    }
}
