package io.mailcellar.sync.runtime;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import io.mailcellar.testsupport.MemoryObjectStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The poller keeps mailbox.json as the registration is, with one write per change and none per run. */
class ManifestWriterTest {

    private static final String ID = "6f1c0e0e-5a59-4e5b-9d0e-2a3d8e1f4b7a";
    private static final String KEY = "backups/mailboxes/" + ID + "/mailbox.json";

    private final FailingStore store = new FailingStore();
    private final ArchiveLayout layout = new ArchiveLayout("backups/");

    @Test
    void writtenAtTheFirstRunWithoutTheSecretAndNotAgainWhileUnchanged() {
        ManifestWriter writer = new ManifestWriter(store, layout);

        writer.keepCurrent(mailbox("Alice"));
        writer.keepCurrent(mailbox("Alice"));

        assertThat(store.puts).containsExactly(KEY);
        assertThat(store.readBacks).as("read once, to see whether the bucket holds it already").hasSize(1);
        String json = new String(store.objects.get(KEY), StandardCharsets.UTF_8);
        assertThat(json).contains("\"format\":1", "\"name\":\"Alice\"", "\"authType\":\"password\"")
                .doesNotContain("sealed", "v1.k1");
        assertThat(store.options.get(KEY).contentType()).isEqualTo("application/json");
    }

    @Test
    void aChangedRegistrationIsWrittenAgain() {
        ManifestWriter writer = new ManifestWriter(store, layout);
        writer.keepCurrent(mailbox("Alice"));

        writer.keepCurrent(mailbox("Alice at home"));

        assertThat(store.puts).containsExactly(KEY, KEY);
        assertThat(new String(store.objects.get(KEY), StandardCharsets.UTF_8)).contains("Alice at home");
    }

    @Test
    void aManifestTheBucketHoldsAsItIsIsNotWrittenAgainByAnotherPoller() {
        new ManifestWriter(store, layout).keepCurrent(mailbox("Alice"));
        store.puts.clear();

        new ManifestWriter(store, layout).keepCurrent(mailbox("Alice"));

        assertThat(store.puts).isEmpty();
    }

    @Test
    void anS3OutageCostsNoPollAndTheWriteIsTriedAgain() {
        ManifestWriter writer = new ManifestWriter(store, layout);
        store.failing = true;

        writer.keepCurrent(mailbox("Alice"));
        assertThat(store.objects).isEmpty();

        store.failing = false;
        writer.keepCurrent(mailbox("Alice"));
        assertThat(store.objects).containsOnlyKeys(KEY);
    }

    private static Mailbox mailbox(String name) {
        return new Mailbox(ID, name, Protocol.IMAP, "mail.example.com", 993, Security.TLS, "alice@example.com",
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.sealed"), Duration.ofMinutes(15), List.of("*"),
                List.of(), Pop3DeleteMode.NEVER, null, null, true, Instant.parse("2026-11-26T12:00:00Z"),
                Instant.parse("2026-11-26T12:00:00Z"), null, null);
    }

    /** The bucket in memory, refusing every request while {@link #failing}. */
    private static final class FailingStore extends MemoryObjectStore {

        boolean failing;

        @Override
        public synchronized java.util.Optional<java.io.InputStream> get(String key) {
            refuseIfFailing();
            return super.get(key);
        }

        @Override
        public synchronized void replace(String key, Payload payload, PutOptions options) {
            refuseIfFailing();
            super.replace(key, payload, options);
        }

        private void refuseIfFailing() {
            if (failing) {
                throw new ArchiveUnavailableException("S3 answered 503 Slow Down", null);
            }
        }
    }
}
