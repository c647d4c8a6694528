package io.mailcellar.archive;

import io.mailcellar.archive.snapshot.Snapshot;
import io.mailcellar.testsupport.TestArchive;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SnapshotCatalogTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    @Test
    void snapshotsAreFoundByIdByLatestAndByTime() {
        TestArchive archive = new TestArchive("mb-1");
        archive.folder("INBOX", "/", null);
        archive.imap("INBOX", 1, "Subject: a\r\n\r\nx\r\n".getBytes(StandardCharsets.UTF_8), T);
        Snapshot first = archive.snapshot(T);
        archive.imap("INBOX", 2, "Subject: b\r\n\r\ny\r\n".getBytes(StandardCharsets.UTF_8), T);
        Snapshot second = archive.snapshot(T.plusSeconds(60));
        SnapshotCatalog catalog = archive.catalog;

        assertThat(catalog.named("mb-1", "latest")).contains(second);
        assertThat(catalog.named("mb-1", first.id())).contains(first);
        assertThat(catalog.named("mb-2", "latest")).isEmpty();
        assertThatThrownBy(() -> catalog.named("mb-1", "../x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("or by latest");
        assertThat(catalog.at("mb-1", T.plusSeconds(59))).contains(first);
        assertThat(catalog.at("mb-1", T.plusSeconds(60))).contains(second);
        assertThat(catalog.at("mb-1", T.minusMillis(1))).isEmpty();
        assertThat(catalog.page("mb-1", second.folders().get(0).pages().get(0)).messages()).hasSize(2);
    }

    @Test
    void mailboxesAreListedFromTheBucketWithTheirManifests() {
        TestArchive archive = new TestArchive("mb-1");
        archive.store.place("mailboxes/mb-1/mailbox.json",
                "{\"format\":1,\"id\":\"mb-1\",\"name\":\"Alice\"}".getBytes(StandardCharsets.UTF_8), T);
        archive.store.place("mailboxes/mb-2/messages/aa/x.eml", new byte[1], T);
        archive.store.place("mailcellar-archive.json", new byte[1], T);

        assertThat(archive.catalog.mailboxIds()).containsExactly("mb-1", "mb-2");
        assertThat(archive.catalog.manifest("mb-1").orElseThrow().path("name").asText()).isEqualTo("Alice");
        assertThat(archive.catalog.manifest("mb-2")).isEmpty();
    }
}
