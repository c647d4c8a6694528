package io.mailcellar.restore.imap;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.archive.Sha256;
import io.mailcellar.kafka.StoredJson;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The restore journals in the bucket: per target account, not per request,
 * so that a later restore sees what earlier ones appended and a restart
 * resumes where the last page left off. Pages are written once and never
 * changed ({@link JournalPage}); the journal is all of them.
 */
public final class JournalStore {

    private final ObjectStore store;
    private final ArchiveLayout layout;

    public JournalStore(ObjectStore store, ArchiveLayout layout) {
        this.store = store;
        this.layout = layout;
    }

    /** The journal name of a target account: a hash of its host (case-insensitive) and user name. */
    public static String accountOf(String host, String username) {
        return Sha256.of((host.toLowerCase(Locale.ROOT) + "\n" + username).getBytes(StandardCharsets.UTF_8))
                .substring(0, 32);
    }

    /**
     * Every entry of the account's journal, by key.
     *
     * @throws IllegalArgumentException a page is not one this version reads
     */
    public Map<String, JournalEntry> read(String mailboxId, String account) {
        Map<String, JournalEntry> entries = new HashMap<>();
        for (String key : store.list(layout.restoreJournalPrefix(mailboxId, account))) {
            if (!key.endsWith(".json")) {
                continue;
            }
            Optional<InputStream> stream = store.get(key);
            if (stream.isEmpty()) {
                continue;
            }
            try (InputStream in = stream.get()) {
                JournalPage page = StoredJson.mapper().readValue(in.readAllBytes(), JournalPage.class);
                if (page.format() != JournalPage.FORMAT) {
                    throw new IllegalArgumentException("restore journal page " + key + " has format "
                            + page.format() + ", not one this version reads (" + JournalPage.FORMAT + ")");
                }
                page.entries().forEach(entry -> entries.put(entry.key(), entry));
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException("restore journal page " + key + " is not readable: "
                        + e.getOriginalMessage(), e);
            } catch (IOException e) {
                throw new ArchiveUnavailableException("reading " + key + " failed: " + e, e);
            }
        }
        return entries;
    }

    /** Adds a page of entries to the account's journal. */
    public void append(String mailboxId, String account, String restoreId, List<JournalEntry> entries, Instant now) {
        if (entries.isEmpty()) {
            return;
        }
        byte[] json;
        try {
            json = StoredJson.mapper().writeValueAsBytes(new JournalPage(JournalPage.FORMAT, restoreId, now, entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a restore journal page could not be written as JSON", e);
        }
        String sha256 = Sha256.of(json);
        String key = layout.restoreJournalPrefix(mailboxId, account) + now.toEpochMilli() + "-" + UUID.randomUUID()
                + ".json";
        store.putIfAbsent(key, ObjectStore.Bytes.of(json, sha256), ObjectStore.PutOptions.json(sha256));
    }
}
