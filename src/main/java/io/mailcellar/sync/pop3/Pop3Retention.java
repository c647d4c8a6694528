package io.mailcellar.sync.pop3;

import io.mailcellar.archive.ArchiveLayout;
import io.mailcellar.archive.ObjectStore;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.Pop3DeleteMode;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Decides whether a POP3 message may leave the server. Never by default; with
 * {@code after-archive} only once the archive itself holds the message (the
 * object exists and reading it back gives the same SHA-256; no cursor or event
 * is trusted for this); with {@code after-days} also only once that object is
 * at least that many days old.
 */
@ApplicationScoped
public class Pop3Retention {

    private final ObjectStore store;
    private final ArchiveLayout layout;
    private final Clock clock;

    Pop3Retention(ObjectStore store, ArchiveLayout layout, Clock clock) {
        this.store = store;
        this.layout = layout;
        this.clock = clock;
    }

    public boolean mayDelete(Mailbox mailbox, String sha256) {
        Pop3DeleteMode mode = mailbox.pop3DeleteFromServer();
        if (mode == null || mode == Pop3DeleteMode.NEVER) {
            return false;
        }
        String key = layout.messageKey(mailbox.id(), sha256);
        Optional<ObjectStore.StoredObject> stored = store.stat(key);
        if (stored.isEmpty()) {
            return false;
        }
        if (mode == Pop3DeleteMode.AFTER_DAYS) {
            Duration age = Duration.between(stored.get().lastModified(), clock.instant());
            if (mailbox.pop3Days() == null || age.compareTo(Duration.ofDays(mailbox.pop3Days())) < 0) {
                return false;
            }
        }
        return store.sha256Of(key).equals(sha256);
    }
}
