package io.mailcellar.bench;

import io.mailcellar.testsupport.ArchivedMessages;
import io.mailcellar.testsupport.TestFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How many of a mailbox's messages are in the bucket, and when the last of
 * them was written, read from S3Proxy's filesystem store: one file per
 * object under the archive layout's
 * {@code mailboxes/<id>/messages/<xx>/<sha256>.eml}, written under a
 * temporary name and renamed once complete.
 *
 * <p>Why not the service's metrics, as before: the benchmark checks every
 * 20 ms to 1 s whether a backup is done, and each Prometheus scrape cost the
 * service about 2 ms of CPU (its JVM, process and thread gauges), which went
 * into the CPU of the backup being timed: 3 % of it in a profile of
 * 3,000-message backups. Counting files costs the benchmark's process, not
 * the service's, but on the same cores: listing all 10,000 objects took
 * 12-14 ms of CPU, some 40 % of a core with a check every 20 ms in a +100
 * run, so a folder whose modification time has not changed since it was
 * last listed is not listed again (reading the 256 folders' times takes
 * under a millisecond).
 */
final class StoredMessages {

    private static final String OBJECT_SUFFIX = ".eml";

    /** A folder's count is reused while its modification time stays, once that is this far in the past. */
    private static final Duration SETTLED = Duration.ofMillis(100);

    private final Path bucket;
    /** Per folder of objects: its modification time when it was last listed, and its objects then. */
    private final Map<Path, Listed> listed = new HashMap<>();

    private record Listed(FileTime modified, long objects) {
    }

    StoredMessages(Path bucket) {
        this.bucket = bucket;
    }

    long of(String mailboxId) {
        Path messages = messagesDir(mailboxId);
        if (!Files.isDirectory(messages)) {
            return 0;
        }
        Instant settled = Instant.now().minus(SETTLED);
        long count = 0;
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(messages)) {
            for (Path prefix : prefixes) {
                FileTime modified = Files.getLastModifiedTime(prefix);
                Listed before = listed.get(prefix);
                if (before != null && before.modified().equals(modified)) {
                    count += before.objects();
                    continue;
                }
                long objects = countObjects(prefix);
                // A folder changed a moment ago may change again within the same time stamp (coarse clocks):
                // its count is not kept, so that it is listed again.
                if (modified.toInstant().isBefore(settled)) {
                    listed.put(prefix, new Listed(modified, objects));
                } else {
                    listed.remove(prefix);
                }
                count += objects;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot count the objects in " + messages, e);
        }
        return count;
    }

    private static long countObjects(Path prefix) throws IOException {
        long count = 0;
        try (DirectoryStream<Path> objects = objectsIn(prefix)) {
            for (Path ignored : objects) {
                count++;
            }
        }
        return count;
    }

    /**
     * When the newest of the mailbox's objects was written: the modification
     * time of its file, set by the last write before the rename that makes it
     * visible. Empty when the mailbox has no object.
     */
    Optional<Instant> newestWrite(String mailboxId) {
        Path messages = messagesDir(mailboxId);
        if (!Files.isDirectory(messages)) {
            return Optional.empty();
        }
        Instant newest = null;
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(messages)) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> objects = objectsIn(prefix)) {
                    for (Path object : objects) {
                        Instant written = Files.getLastModifiedTime(object).toInstant();
                        if (newest == null || written.isAfter(newest)) {
                            newest = written;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read when the objects in " + messages + " were written", e);
        }
        return Optional.ofNullable(newest);
    }

    /** The objects of a folder; not the temporary files of those being written. */
    private static DirectoryStream<Path> objectsIn(Path prefix) throws IOException {
        return Files.newDirectoryStream(prefix, entry -> entry.getFileName().toString().endsWith(OBJECT_SUFFIX));
    }

    /** How many snapshots of the mailbox are committed. */
    long snapshots(String mailboxId) {
        return snapshotWrites(mailboxId).size();
    }

    /** When the mailbox's newest snapshot was committed. Empty when it has none. */
    Optional<Instant> newestSnapshotWrite(String mailboxId) {
        return snapshotWrites(mailboxId).stream().max(Instant::compareTo);
    }

    /** When each of the mailbox's snapshots was written. */
    private List<Instant> snapshotWrites(String mailboxId) {
        Path snapshots = mailboxDir(mailboxId).resolve("snapshots");
        List<Instant> writes = new ArrayList<>();
        if (!Files.isDirectory(snapshots)) {
            return writes;
        }
        try (DirectoryStream<Path> objects = Files.newDirectoryStream(snapshots,
                entry -> entry.getFileName().toString().endsWith(".json"))) {
            for (Path object : objects) {
                writes.add(Files.getLastModifiedTime(object).toInstant());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the snapshots in " + snapshots, e);
        }
        return writes;
    }

    /** The mailbox's tree pages: each object's name and size in bytes. */
    Map<String, Long> treePages(String mailboxId) {
        Path trees = mailboxDir(mailboxId).resolve("trees");
        Map<String, Long> pages = new HashMap<>();
        if (!Files.isDirectory(trees)) {
            return pages;
        }
        try (DirectoryStream<Path> prefixes = Files.newDirectoryStream(trees)) {
            for (Path prefix : prefixes) {
                try (DirectoryStream<Path> objects = Files.newDirectoryStream(prefix,
                        entry -> entry.getFileName().toString().endsWith(".json"))) {
                    for (Path object : objects) {
                        pages.put(object.getFileName().toString(), Files.size(object));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the tree pages in " + trees, e);
        }
        return pages;
    }

    /** Removes everything the mailbox has in the bucket, behind S3Proxy's back: for data no run reads again. */
    void delete(String mailboxId) throws IOException {
        Path messages = messagesDir(mailboxId);
        listed.keySet().removeIf(folder -> folder.startsWith(messages));
        TestFiles.deleteTree(messages.getParent());
    }

    private Path mailboxDir(String mailboxId) {
        return messagesDir(mailboxId).getParent();
    }

    private Path messagesDir(String mailboxId) {
        return bucket.resolve(ArchivedMessages.prefix(mailboxId));
    }
}
