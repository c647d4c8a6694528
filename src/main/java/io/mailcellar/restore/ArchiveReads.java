package io.mailcellar.restore;

import io.mailcellar.api.UnavailableException;
import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.archive.BucketMissingException;
import io.mailcellar.archive.SnapshotCatalog;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.SnapshotIds;
import io.mailcellar.mailbox.MailboxRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.InternalServerErrorException;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.function.Supplier;

/**
 * The API's reads of a registered mailbox's archive, answered as HTTP
 * problems: no such mailbox or snapshot (404), a bad snapshot name or time
 * (400), the bucket away (503, to retry), an archive object this version
 * cannot read (500, logged).
 */
@ApplicationScoped
class ArchiveReads {

    private static final Logger LOG = Logger.getLogger(ArchiveReads.class);

    private final MailboxRegistry registry;
    private final SnapshotCatalog catalog;

    ArchiveReads(MailboxRegistry registry, SnapshotCatalog catalog) {
        this.registry = registry;
        this.catalog = catalog;
    }

    SnapshotCatalog catalog() {
        return catalog;
    }

    /** @throws NotFoundException the mailbox is not registered */
    void requireMailbox(String id) {
        if (registry.find(id).isEmpty()) {
            throw new NotFoundException("no mailbox with id " + id);
        }
    }

    /** The snapshot {@code sid} names ({@code latest} or an id). */
    Snapshot snapshot(String id, String sid) {
        requireMailbox(id);
        if (!"latest".equals(sid) && !SnapshotIds.isId(sid)) {
            throw new BadRequestException("a snapshot is named by its id (as GET /api/v1/mailboxes/" + id
                    + "/snapshots lists them, e.g. 8235066735499-20261203T214500500Z) or by latest, not by " + sid);
        }
        return read(id, () -> catalog.named(id, sid)).orElseThrow(() -> new NotFoundException(
                "latest".equals(sid) ? "mailbox " + id + " has no snapshot yet: its first backup is not stored"
                        : "mailbox " + id + " has no snapshot " + sid));
    }

    /** The newest snapshot at or before {@code at} (RFC 3339), or the latest when it is null. */
    Snapshot snapshotAt(String id, String at) {
        if (at == null || at.isBlank()) {
            return snapshot(id, "latest");
        }
        Instant time;
        try {
            time = Instant.parse(at);
        } catch (DateTimeParseException e) {
            throw new BadRequestException("at must be an RFC 3339 time in UTC, e.g. 2026-12-01T10:00:00Z, not " + at);
        }
        requireMailbox(id);
        return read(id, () -> catalog.at(id, time)).orElseThrow(() -> new NotFoundException(
                "mailbox " + id + " has no snapshot at or before " + time));
    }

    /** Runs a read of the mailbox's archive, its failures as problems. */
    <T> T read(String id, Supplier<T> read) {
        try {
            return read.get();
        } catch (BucketMissingException e) {
            // Before the first backup is stored, the archivers have not made the bucket yet: nothing to read.
            throw new NotFoundException("mailbox " + id + " has nothing archived: " + e.reason()
                    + " (the archivers create it when they store the first backup)");
        } catch (ArchiveUnavailableException e) {
            LOG.warnf("mailbox %s: its archive could not be read: %s", id, e.getMessage());
            throw new UnavailableException("the bucket could not be read, try again later: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            LOG.errorf("mailbox %s: its archive holds an object this version cannot read: %s", id, e.getMessage());
            throw new InternalServerErrorException("the archive holds an object this version cannot read: "
                    + e.getMessage());
        }
    }
}
