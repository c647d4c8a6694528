package io.mailcellar.restore;

import io.mailcellar.archive.Sha256;
import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.archive.snapshot.TreeMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.NotFoundException;
import org.jboss.logging.Logger;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a registered mailbox's archive holds, page by page: its snapshots, a
 * snapshot's folders, a folder's messages and a message's bytes. The REST
 * API and the dashboard both read through here; failures are HTTP problems
 * ({@link ArchiveReads}).
 */
@ApplicationScoped
public class ArchiveBrowser {

    private static final Logger LOG = Logger.getLogger(ArchiveBrowser.class);
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final ArchiveReads reads;

    ArchiveBrowser(ArchiveReads reads) {
        this.reads = reads;
    }

    /** Newest first. */
    public SnapshotPage snapshots(String id, int offset, int limit) {
        reads.requireMailbox(id);
        return reads.read(id, () -> {
            List<String> ids = reads.catalog().ids(id);
            List<SnapshotSummary> page = ids.stream().skip(offset).limit(limit)
                    .flatMap(snapshotId -> reads.catalog().snapshot(id, snapshotId).stream())
                    .map(SnapshotSummary::of).toList();
            return new SnapshotPage(page, offset, limit, ids.size());
        });
    }

    /** The folders of the snapshot {@code sid} names (an id or {@code latest}), by name. */
    public SnapshotFolders folders(String id, String sid) {
        Snapshot snapshot = reads.snapshot(id, sid);
        return new SnapshotFolders(snapshot.id(), snapshot.time(), snapshot.folders().stream()
                .map(FolderSummary::of).sorted(Comparator.comparing(FolderSummary::name)).toList());
    }

    /** One page of a folder's messages in a snapshot, in order of UID (POP3: of arrival). */
    public MessagePage messages(String id, String sid, String folder, long offset, int limit) {
        return folderPage(id, sid, folder, offset, limit).page();
    }

    /** A page of a folder's messages, and the folder's counts, from one read of the snapshot. */
    public FolderPage folderPage(String id, String sid, String folder, long offset, int limit) {
        if (folder == null || folder.isEmpty()) {
            throw new BadRequestException("name the folder to list: ?folder=INBOX (GET .../snapshots/" + sid
                    + "/folders lists them)");
        }
        Snapshot snapshot = reads.snapshot(id, sid);
        Snapshot.Folder stored = snapshot.folders().stream().filter(f -> f.name().equals(folder)).findFirst()
                .orElseThrow(() -> new NotFoundException("snapshot " + snapshot.id() + " of mailbox " + id
                        + " has no folder " + folder));
        List<MessageSummary> items = new ArrayList<>();
        long total = stored.pages().stream().mapToLong(Snapshot.PageRef::messages).sum();
        long skipped = 0;
        for (Snapshot.PageRef ref : stored.pages()) {
            if (items.size() == limit) {
                break;
            }
            if (skipped + ref.messages() <= offset) {
                // A page before the one asked for is not read at all.
                skipped += ref.messages();
                continue;
            }
            List<TreeMessage> messages = reads.read(id, () -> reads.catalog().page(id, ref)).messages();
            for (TreeMessage message : messages) {
                if (skipped++ >= offset && items.size() < limit) {
                    items.add(MessageSummary.of(message));
                }
            }
        }
        return new FolderPage(new MessagePage(snapshot.id(), folder, items, offset, limit, total),
                FolderSummary.of(stored));
    }

    /** A page of a folder's messages and the folder as its snapshot holds it. */
    public record FolderPage(MessagePage page, FolderSummary folder) {
    }

    /** Messages of a snapshot that match the query, folder by folder in name order, at most {@code limit}. */
    public SearchPage search(String id, String sid, MessageQuery query, int limit) {
        Snapshot snapshot = reads.snapshot(id, sid);
        List<SearchPage.Found> found = new ArrayList<>();
        long scanned = 0;
        List<Snapshot.Folder> folders = snapshot.folders().stream()
                .sorted(Comparator.comparing(Snapshot.Folder::name)).toList();
        for (Snapshot.Folder folder : folders) {
            for (Snapshot.PageRef ref : folder.pages()) {
                List<TreeMessage> messages = reads.read(id, () -> reads.catalog().page(id, ref)).messages();
                for (TreeMessage message : messages) {
                    scanned++;
                    if (query.matches(message)) {
                        if (found.size() == limit) {
                            return new SearchPage(snapshot.id(), snapshot.time(), found, scanned, true);
                        }
                        found.add(new SearchPage.Found(folder.name(), MessageSummary.of(message)));
                    }
                }
            }
        }
        return new SearchPage(snapshot.id(), snapshot.time(), found, scanned, false);
    }

    /**
     * A message's bytes as the archive holds them. The stream checks their SHA-256 as it is read: bytes damaged
     * in the bucket end it with an {@link IOException} instead of reaching the end.
     */
    public InputStream message(String id, String sha256) {
        if (sha256 == null || !SHA256.matcher(sha256).matches()) {
            throw new BadRequestException("a message is named by the lower-case hex SHA-256 of its bytes, as the "
                    + "message lists give it");
        }
        reads.requireMailbox(id);
        InputStream stored = reads.read(id, () -> reads.catalog().message(id, sha256)).orElseThrow(
                () -> new NotFoundException("the archive of mailbox " + id + " holds no message " + sha256));
        return new Verified(stored, id, sha256);
    }

    /** Hashes what passes and compares at the end. */
    private static final class Verified extends FilterInputStream {
        private final MessageDigest digest = Sha256.digest();
        private final String mailboxId;
        private final String sha256;
        private boolean checked;

        Verified(InputStream in, String mailboxId, String sha256) {
            super(in);
            this.mailboxId = mailboxId;
            this.sha256 = sha256;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b < 0) {
                check();
            } else {
                digest.update((byte) b);
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n < 0) {
                check();
            } else {
                digest.update(buffer, offset, n);
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            // Skipped bytes must be hashed too.
            byte[] buffer = new byte[8192];
            long skipped = 0;
            while (skipped < n) {
                int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
                if (read < 0) {
                    break;
                }
                skipped += read;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            String actual = Sha256.hex(digest);
            if (!sha256.equals(actual)) {
                LOG.errorf("mailbox %s: message %s is damaged in the bucket (its bytes hash to %s); a check with "
                        + "readData=true replaces it from the server", mailboxId, sha256, actual);
                throw new IOException("message " + sha256 + " of mailbox " + mailboxId + " is damaged in the bucket");
            }
        }
    }
}
