package io.mailcellar.bench;

import io.mailcellar.testsupport.ArchivedMessages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class StoredMessagesTest {

    private static final Instant EARLY = Instant.parse("2026-11-27T10:00:00.000100Z");
    private static final Instant LATEST = Instant.parse("2026-11-27T10:00:07.250300Z");

    @TempDir
    Path bucket;

    @Test
    void countsAMailboxsObjectsAndFindsWhenTheNewestWasWritten() throws IOException {
        object("m1", "ab", EARLY);
        object("m1", "cd", LATEST);
        object("m1", "ef", EARLY.plusSeconds(3));
        // Still being written: S3Proxy renames it to its key once complete.
        Path unfinished = Files.createDirectories(bucket.resolve(ArchivedMessages.prefix("m1")).resolve("ef"))
                .resolve(".temp-upload");
        Files.write(unfinished, new byte[]{1});
        Files.setLastModifiedTime(unfinished, FileTime.from(LATEST.plusSeconds(1)));
        object("m2", "ab", LATEST.plusSeconds(60));

        StoredMessages stored = new StoredMessages(bucket);

        assertThat(stored.of("m1")).isEqualTo(3);
        assertThat(stored.newestWrite("m1")).contains(LATEST);
        assertThat(stored.of("m2")).isEqualTo(1);
    }

    @Test
    void aFolderIsListedAgainOnlyOnceItChanged() throws IOException {
        Path folder = object("m1", "ab", EARLY).getParent();
        FileTime settled = FileTime.from(EARLY);
        Files.setLastModifiedTime(folder, settled);
        StoredMessages stored = new StoredMessages(bucket);
        assertThat(stored.of("m1")).isEqualTo(1);

        object("m1", "ab", "1", EARLY);
        Files.setLastModifiedTime(folder, settled);
        assertThat(stored.of("m1")).as("the folder's time did not change: its count is reused").isEqualTo(1);

        Files.setLastModifiedTime(folder, FileTime.from(LATEST));
        assertThat(stored.of("m1")).as("it changed: listed again").isEqualTo(2);
    }

    @Test
    void aFolderChangedAMomentAgoIsListedAgainEvenUnderTheSameTime() throws IOException {
        Path folder = object("m1", "cd", EARLY).getParent();
        // As on a file system whose time stamps only move with the clock's tick.
        FileTime justNow = FileTime.from(Instant.now());
        Files.setLastModifiedTime(folder, justNow);
        StoredMessages stored = new StoredMessages(bucket);
        assertThat(stored.of("m1")).isEqualTo(1);

        object("m1", "cd", "1", EARLY);
        Files.setLastModifiedTime(folder, justNow);
        assertThat(stored.of("m1")).isEqualTo(2);
    }

    @Test
    void aMailboxWithoutObjectsHasNoNewestWrite() throws IOException {
        StoredMessages stored = new StoredMessages(bucket);

        assertThat(stored.of("none")).isZero();
        assertThat(stored.newestWrite("none")).isEmpty();
    }

    @Test
    void deletingAMailboxRemovesOnlyItsObjects() throws IOException {
        object("m1", "ab", EARLY);
        object("m2", "ab", EARLY);
        StoredMessages stored = new StoredMessages(bucket);

        stored.delete("m1");

        assertThat(stored.of("m1")).isZero();
        assertThat(stored.of("m2")).isEqualTo(1);
    }

    private Path object(String mailboxId, String prefix, Instant written) throws IOException {
        return object(mailboxId, prefix, "0", written);
    }

    private Path object(String mailboxId, String prefix, String fill, Instant written) throws IOException {
        Path dir = Files.createDirectories(bucket.resolve(ArchivedMessages.prefix(mailboxId)).resolve(prefix));
        Path file = dir.resolve(prefix + fill.repeat(62) + ".eml");
        Files.write(file, new byte[]{42});
        Files.setLastModifiedTime(file, FileTime.from(written));
        return file;
    }
}
