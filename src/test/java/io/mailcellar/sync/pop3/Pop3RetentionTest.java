package io.mailcellar.sync.pop3;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.Sha256;
import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.MemoryObjectStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class Pop3RetentionTest {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");
    private static final byte[] RAW = "Subject: kept\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final String SHA = Sha256.of(RAW);

    private final MemoryObjectStore store = new MemoryObjectStore();
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final Pop3Retention retention = new Pop3Retention(store, layout, Clock.fixed(NOW, ZoneOffset.UTC));

    private static Mailbox mailbox(Pop3DeleteMode mode, Integer days) {
        return new Mailbox("mb-1", "n", Protocol.POP3, "mail.example.test", 995, Security.TLS, "alice",
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                mode, days, null, true, Instant.EPOCH, Instant.EPOCH, null, null);
    }

    private void archived(byte[] bytes, Instant at) {
        store.place(layout.messageKey("mb-1", SHA), bytes, at);
    }

    @Test
    void neverIsNever() {
        archived(RAW, NOW.minus(Duration.ofDays(400)));
        assertThat(retention.mayDelete(mailbox(Pop3DeleteMode.NEVER, null), SHA)).isFalse();
    }

    @Test
    void afterArchiveWaitsForTheVerifiedObject() {
        Mailbox mailbox = mailbox(Pop3DeleteMode.AFTER_ARCHIVE, null);
        assertThat(retention.mayDelete(mailbox, SHA)).as("not archived yet").isFalse();

        archived("Subject: damaged\r\n".getBytes(StandardCharsets.US_ASCII), NOW);
        assertThat(retention.mayDelete(mailbox, SHA)).as("the stored bytes do not hash to the digest").isFalse();

        archived(RAW, NOW);
        assertThat(retention.mayDelete(mailbox, SHA)).isTrue();
    }

    @Test
    void afterDaysCountsFromWhenTheCopyWasWritten() {
        Mailbox mailbox = mailbox(Pop3DeleteMode.AFTER_DAYS, 3);
        archived(RAW, NOW.minus(Duration.ofDays(2)));
        assertThat(retention.mayDelete(mailbox, SHA)).isFalse();
        archived(RAW, NOW.minus(Duration.ofDays(3)).minusSeconds(1));
        assertThat(retention.mayDelete(mailbox, SHA)).isTrue();
    }

    @Test
    void afterDaysStillVerifiesTheCopy() {
        archived("Subject: damaged\r\n".getBytes(StandardCharsets.US_ASCII), NOW.minus(Duration.ofDays(30)));
        assertThat(retention.mayDelete(mailbox(Pop3DeleteMode.AFTER_DAYS, 3), SHA)).isFalse();
    }
}
