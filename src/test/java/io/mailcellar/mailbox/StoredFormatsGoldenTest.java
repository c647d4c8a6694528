package io.mailcellar.mailbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.testsupport.GoldenFiles;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The values of the {@code mailboxes}, {@code mailbox-status} and
 * {@code sync-requests} topics, and a mailbox's {@code mailbox.json} in the
 * bucket, as stored, pinned by golden files.
 */
class StoredFormatsGoldenTest {

    private static final String MAILBOX = "6f1c0e0e-5a59-4e5b-9d0e-2a3d8e1f4b7a";
    /** The key the sealed secret below was sealed with (id k1). */
    private static final String KEY = "AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=";

    private final ObjectMapper json = StoredJson.mapper();

    @Test
    void aRegistrationWithItsSealedSecret() throws Exception {
        Mailbox mailbox = new Mailbox(MAILBOX, "Alice at work", Protocol.IMAP, "mail.example.com", 993, Security.TLS,
                "alice@example.com", new Mailbox.SealedAuth(AuthType.PASSWORD, GoldenFiles.read("sealed-secret.txt")),
                Duration.ofMinutes(15), List.of("*"), List.of("Junk"), Pop3DeleteMode.NEVER, null, null, true,
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-27T08:30:00Z"), null, null);

        GoldenFiles.assertWritten("registration.json", json.writeValueAsString(mailbox));
        Mailbox read = json.readValue(GoldenFiles.read("registration.json"), Mailbox.class);
        assertThat(read).usingRecursiveComparison().isEqualTo(mailbox);
        assertThat(SecretSealerTest.sealer(Map.of("k1", KEY), "k1").open(SealedFor.of(read),
                read.auth().sealedSecret()))
                .as("the sealed envelope of the stored registration (format 1) still opens").isEqualTo("an app password");
    }

    /** Format 2 binds the secret to the mailbox, server, port, security and account: pinned, opened only there. */
    @Test
    void aSecretSealedForItsServerAndAccount() throws Exception {
        SecretSealer sealer = SecretSealerTest.sealer(Map.of("k1", KEY), "k1");
        SealedFor destination = new SealedFor(MAILBOX, "mail.example.com", 993, Security.TLS, "alice@example.com");
        // A seal has a fresh nonce each time: the file is written once, then only read.
        if (GoldenFiles.updating() && !GoldenFiles.exists("sealed-secret-v2.txt")) {
            GoldenFiles.assertWritten("sealed-secret-v2.txt", sealer.seal(destination, "an app password") + "\n");
        }
        String sealed = GoldenFiles.read("sealed-secret-v2.txt").trim();

        assertThat(sealed).startsWith("v2.k1.");
        assertThat(sealer.open(destination, sealed)).isEqualTo("an app password");
        assertThatThrownBy(() -> sealer.open(new SealedFor(MAILBOX, "elsewhere.example.com", 993, Security.TLS,
                "alice@example.com"), sealed)).isInstanceOf(SecretSealer.SealingException.class);
    }

    @Test
    void theManifestOfAMailboxInTheBucketHoldsNoSecret() throws Exception {
        Mailbox mailbox = new Mailbox(MAILBOX, "Alice at work", Protocol.POP3, "mail.example.com", 995, Security.TLS,
                "alice@example.com", new Mailbox.SealedAuth(AuthType.PASSWORD, GoldenFiles.read("sealed-secret.txt")),
                Duration.ofMinutes(15), List.of("*"), List.of("Junk"), Pop3DeleteMode.AFTER_DAYS, 30,
                new Retention(1, 7, null, 12, null), true,
                Instant.parse("2026-11-26T12:00:00Z"), Instant.parse("2026-11-27T08:30:00Z"), null, null);
        MailboxManifest manifest = MailboxManifest.of(mailbox);

        GoldenFiles.assertWritten("mailbox-manifest.json", json.writeValueAsString(manifest));
        assertThat(json.readValue(GoldenFiles.read("mailbox-manifest.json"), MailboxManifest.class)).isEqualTo(manifest);
        assertThat(GoldenFiles.read("mailbox-manifest.json")).doesNotContain(GoldenFiles.read("sealed-secret.txt").trim());
    }

    @Test
    void aMailboxStatus() throws Exception {
        MailboxStatus status = new MailboxStatus(MAILBOX, MailboxState.AUTH_FAILED,
                "the server mail.example.test refused the password (Authentication failed.)",
                Instant.parse("2026-11-27T08:34:02Z"),
                new MailboxStatus.LastRun(Instant.parse("2026-11-27T08:30:00Z"), Instant.parse("2026-11-27T08:30:02Z"),
                        "failure", "AuthenticationFailedException: Authentication failed.", 0,
                        List.of("the POP3 server has no UIDL")),
                Instant.parse("2026-11-27T08:00:02Z"), 3,
                List.of(new MailboxStatus.FolderProgress("INBOX", null, 120),
                        new MailboxStatus.FolderProgress("Sent", "\\Sent", 7)),
                List.of(new MailboxStatus.UnreadMessage("INBOX", 5, null, "the server sent no body for it (BODY[] NIL)",
                                3, 1234),
                        new MailboxStatus.UnreadMessage("INBOX", 0, "pop3-uidl-17", "it is 300000000 bytes, over the "
                                + "limit of 268435456 bytes per message (mailcellar.mail.max-message-size): not "
                                + "fetched, and left on the server", 1, 300000000)))
                .withLastCheck(new MailboxStatus.LastCheck(Instant.parse("2026-11-27T02:00:00Z"), true, 127, 2, 1, 3,
                        0))
                .withLastPrune(new MailboxStatus.LastPrune(Instant.parse("2026-11-27T03:00:00Z"),
                        Instant.parse("2026-11-27T03:00:04Z"), 7, 2, 40, 3, 912345, 1, null));

        GoldenFiles.assertWritten("mailbox-status.json", json.writeValueAsString(status));
        assertThat(json.readValue(GoldenFiles.read("mailbox-status.json"), MailboxStatus.class)).isEqualTo(status);
    }

    @Test
    void aPollRequest() throws Exception {
        SyncRequestPublisher.SyncRequest request = new SyncRequestPublisher.SyncRequest(MAILBOX,
                Instant.parse("2026-11-27T08:29:59Z"), true);

        GoldenFiles.assertWritten("sync-request.json", json.writeValueAsString(request));
        assertThat(json.readValue(GoldenFiles.read("sync-request.json"), SyncRequestPublisher.SyncRequest.class))
                .isEqualTo(request);
    }

    @Test
    void aCheckRequest() throws Exception {
        SyncRequestPublisher.SyncRequest request = new SyncRequestPublisher.SyncRequest(MAILBOX,
                Instant.parse("2026-11-27T08:29:59Z"), false, new SyncRequestPublisher.Check(true), false);

        GoldenFiles.assertWritten("sync-request-check.json", json.writeValueAsString(request));
        assertThat(json.readValue(GoldenFiles.read("sync-request-check.json"), SyncRequestPublisher.SyncRequest.class))
                .isEqualTo(request);
    }

    @Test
    void aPruneRequest() throws Exception {
        SyncRequestPublisher.SyncRequest request = new SyncRequestPublisher.SyncRequest(MAILBOX,
                Instant.parse("2026-11-27T08:29:59Z"), false, null, true);

        GoldenFiles.assertWritten("sync-request-prune.json", json.writeValueAsString(request));
        assertThat(json.readValue(GoldenFiles.read("sync-request-prune.json"), SyncRequestPublisher.SyncRequest.class))
                .isEqualTo(request);
    }

    @Test
    void aPollRequestWrittenBeforeForceExistedIsNotForced() throws Exception {
        SyncRequestPublisher.SyncRequest request = json.readValue(
                "{\"mailboxId\":\"" + MAILBOX + "\",\"requestedAt\":\"2026-11-27T08:29:59Z\"}",
                SyncRequestPublisher.SyncRequest.class);

        assertThat(request.force()).isFalse();
    }

    @Test
    void aStatusOfAnEarlierReleaseReadsWithTheStateThatFollowedIt() throws Exception {
        String failing = "{\"mailboxId\":\"" + MAILBOX + "\",\"state\":\"failing\",\"consecutiveFailures\":2}";
        String busy = "{\"mailboxId\":\"" + MAILBOX + "\",\"state\":\"busy\"}";

        assertThat(json.readValue(failing, MailboxStatus.class).state()).isEqualTo(MailboxState.BACKING_OFF);
        assertThat(json.readValue(busy, MailboxStatus.class).state()).isEqualTo(MailboxState.THROTTLED);
        assertThat(json.readValue(failing, MailboxStatus.class).unreadMessages()).isEmpty();
    }

    @Test
    void everyStateHasItsWireName() {
        assertThat(java.util.Arrays.stream(MailboxState.values()).map(MailboxState::wireName)).containsExactly(
                "ok", "never-polled", "running", "backing-off", "auth-failed", "throttled", "archive-failing",
                "disabled");
    }
}
