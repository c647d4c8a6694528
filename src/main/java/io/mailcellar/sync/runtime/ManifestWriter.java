package io.mailcellar.sync.runtime;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.Sha256;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxManifest;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Keeps {@code mailboxes/{id}/mailbox.json} (a {@link MailboxManifest}) as
 * the registration is: the poller that owns a mailbox writes it at its first
 * run, and again whenever the registration differs from what the bucket
 * holds. What it wrote or found is remembered, so a run of an unchanged
 * mailbox costs no request and no encoding. An S3 outage costs no poll: the write is tried
 * again at the next run.
 */
@ApplicationScoped
public class ManifestWriter {

    private static final Logger LOG = Logger.getLogger(ManifestWriter.class);
    private static final ObjectStore.PutOptions JSON =
            new ObjectStore.PutOptions("application/json", Map.of(), Map.of());

    private final ObjectStore archive;
    private final ArchiveLayout layout;
    /** Mailbox id to the manifest the bucket holds, as last written or read. */
    private final ConcurrentMap<String, MailboxManifest> inBucket = new ConcurrentHashMap<>();

    ManifestWriter(ObjectStore archive, ArchiveLayout layout) {
        this.archive = archive;
        this.layout = layout;
    }

    /** Writes the mailbox's manifest unless the bucket holds it as it is; never fails the caller. */
    public void keepCurrent(Mailbox mailbox) {
        MailboxManifest manifest = MailboxManifest.of(mailbox);
        if (manifest.equals(inBucket.get(mailbox.id()))) {
            return;
        }
        byte[] bytes = encode(manifest);
        String key = layout.manifestKey(mailbox.id());
        try {
            if (!Arrays.equals(stored(key).orElse(null), bytes)) {
                archive.replace(key, ObjectStore.Bytes.of(bytes, Sha256.of(bytes)), JSON);
                LOG.infof("mailbox %s: wrote %s", mailbox.id(), key);
            }
            inBucket.put(mailbox.id(), manifest);
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: could not write %s (%s); tried again at the next run", mailbox.id(), key,
                    e.getMessage());
        }
    }

    private Optional<byte[]> stored(String key) {
        Optional<InputStream> stream = archive.get(key);
        if (stream.isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = stream.get()) {
            return Optional.of(in.readAllBytes());
        } catch (IOException e) {
            throw new ArchiveUnavailableException("could not read " + key + ": " + e.getMessage(), e);
        }
    }

    private static byte[] encode(MailboxManifest manifest) {
        try {
            return StoredJson.mapper().writeValueAsBytes(manifest);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
