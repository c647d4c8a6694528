package io.mailcellar.archive;

import java.util.Map;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import io.mailcellar.testsupport.LocalServers;
import io.mailcellar.testsupport.MovableClock;
import io.mailcellar.testsupport.S3Objects;
import io.mailcellar.testsupport.TamperingProxy;
import io.mailcellar.testsupport.TestArchiveSettings;
import io.mailcellar.testsupport.TestS3Settings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Message writes against the real S3 server, through a proxy that can damage
 * a request body on the way: one request per new message, none for one that
 * is archived already, and a body that arrives damaged is refused by the store
 * (it does not match the signed SHA-256) and written again on the retry.
 */
class ArchiveWriteIT {

    private static final String BUCKET = "archive-write-it";

    private static TamperingProxy proxy;
    private static S3ObjectStore store;
    private static S3Objects s3;
    private final ArchiveLayout layout = new ArchiveLayout("");
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void start() throws Exception {
        LocalServers servers = LocalServers.get();
        proxy = new TamperingProxy(servers.s3().port());
        store = new S3ObjectStore(new TestS3Settings(proxy.endpoint(), BUCKET), Clock.systemUTC(), () -> false);
        s3 = new S3Objects(servers.s3(), BUCKET);
    }

    @AfterAll
    static void stop() throws Exception {
        store.close();
        s3.close();
        proxy.close();
    }

    @Test
    void aNewMessageTakesOneRequestAndAnArchivedOneIsNotWrittenAgain() {
        byte[] raw = message("one request");
        byte[] other = message("another one");
        MessageWriter writer = writer(false);
        String key = layout.messageKey("mb-write", Sha256.of(raw));
        writer.write(event(raw));
        int before = proxy.requestLines().size();

        writer.write(event(raw));
        writer.write(event(other));

        List<String> requests = messageRequestsSince(before);
        String path = "/" + BUCKET + "/" + key;
        assertThat(requests).as("the archived message: its conditional PUT is refused, its size confirmed; "
                + "the new one: one PUT").containsExactly("PUT " + path, "HEAD " + path,
                "PUT /" + BUCKET + "/" + layout.messageKey("mb-write", Sha256.of(other)));
        assertThat(s3.read(key)).isEqualTo(raw);
        assertThat(meters.counter("mailcellar.archive.objects.written").count()).isEqualTo(2);
        assertThat(meters.counter("mailcellar.archive.objects.skipped").count()).isEqualTo(1);
    }

    @Test
    void aBodyDamagedOnTheWayIsRefusedByTheStoreAndWrittenAgain() {
        byte[] raw = message("damage me here");
        String key = layout.messageKey("mb-damaged", Sha256.of(raw));
        MessageWriter writer = writer(false);
        proxy.damageNext("damage me here");

        assertThatThrownBy(() -> writer.write(event("mb-damaged", raw)))
                .isInstanceOf(ArchiveUnavailableException.class).hasMessageContaining("XAmzContentSHA256Mismatch");
        assertThat(proxy.damaged()).as("the proxy damaged the request body").isEqualTo(1);
        assertThat(s3.keys("mailboxes/mb-damaged/")).as("nothing damaged is kept").isEmpty();

        writer.write(event("mb-damaged", raw));
        assertThat(s3.read(key)).isEqualTo(raw);
    }

    @Test
    void readBackReadsEveryWrittenMessage() {
        byte[] raw = message("read me back");
        int before = proxy.requestLines().size();

        writer(true).write(event("mb-read-back", raw));

        List<String> requests = messageRequestsSince(before);
        String path = "/" + BUCKET + "/" + layout.messageKey("mb-read-back", Sha256.of(raw));
        assertThat(requests).containsExactly("PUT " + path, "GET " + path);
    }

    /** The store's whole interface against a real S3 server, including a stream put under its content address. */
    @Test
    void theObjectStoreGetsListsDeletesAndPutsSpooledStreamsUnderTheirDigest(@TempDir Path spoolDir) throws Exception {
        byte[] raw = message("spooled");
        ObjectStore.SpooledFile spooled = ObjectStore.spool(new ByteArrayInputStream(raw), spoolDir);
        assertThat(spooled.sha256()).isEqualTo(Sha256.of(raw));
        assertThat(spooled.size()).isEqualTo(raw.length);
        String key = layout.messageKey("mb-store", spooled.sha256());

        assertThat(store.putIfAbsent(key, spooled, ObjectStore.PutOptions.message(spooled.sha256()))).isTrue();
        assertThat(store.putIfAbsent(key, spooled, ObjectStore.PutOptions.message(spooled.sha256())))
                .as("the condition holds for a streamed put too").isFalse();
        assertThat(store.sha256Of(key)).isEqualTo(Sha256.of(raw));
        try (InputStream in = store.get(key).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(raw);
        }
        try (InputStream in = store.getStart(key, 10).orElseThrow()) {
            assertThat(in.readAllBytes()).as("a ranged read").isEqualTo(java.util.Arrays.copyOf(raw, 10));
        }
        try (InputStream in = store.getStart(key, raw.length + 100L).orElseThrow()) {
            assertThat(in.readAllBytes()).as("a range past the end").isEqualTo(raw);
        }
        assertThat(store.getStart(layout.messageKey("mb-store", Sha256.of(new byte[1])), 10)).isEmpty();
        assertThat(store.list("mailboxes/mb-store/")).containsExactly(key);
        assertThat(store.stat(key)).hasValueSatisfying(stored -> assertThat(stored.size()).isEqualTo(raw.length));

        store.delete(key);
        assertThat(store.get(key)).isEmpty();
        assertThat(store.stat(key)).isEmpty();
        assertThat(store.list("mailboxes/mb-store/")).isEmpty();
        store.delete(key);
    }

    /**
     * On the wire, as the recording proxy saw it: every PUT, from memory or from a spool file, carries its
     * SHA-256 as S3 checks it ({@code x-amz-checksum-sha256}, which a bucket under Object Lock requires), signed.
     */
    @Test
    void everyPutCarriesItsChecksumSigned(@TempDir Path spoolDir) throws Exception {
        byte[] small = message("small, sent from memory");
        byte[] large = message("large, sent from its spool file");
        ObjectStore.SpooledFile spooled = ObjectStore.spool(new ByteArrayInputStream(large), spoolDir);
        String smallKey = layout.messageKey("mb-checked", Sha256.of(small));
        String largeKey = layout.messageKey("mb-checked", spooled.sha256());

        assertThat(store.putIfAbsent(smallKey, ObjectStore.Bytes.of(small, Sha256.of(small)),
                ObjectStore.PutOptions.message(Sha256.of(small)))).isTrue();
        assertThat(store.putIfAbsent(largeKey, spooled, ObjectStore.PutOptions.message(spooled.sha256()))).isTrue();

        for (Map.Entry<String, byte[]> written : Map.of(smallKey, small, largeKey, large).entrySet()) {
            Map<String, String> headers = lastPut(written.getKey()).headers();
            assertThat(headers).containsEntry("x-amz-checksum-sha256", base64Sha256(written.getValue()))
                    .doesNotContainKeys("x-amz-object-lock-mode", "x-amz-server-side-encryption");
            assertThat(headers.get("authorization")).contains("x-amz-checksum-sha256");
            assertThat(s3.read(written.getKey())).isEqualTo(written.getValue());
        }
    }

    /**
     * Object Lock retention and encryption, as configured, go with every PUT, signed as S3 requires of x-amz-*
     * headers. S3Proxy implements neither and refuses the write (501): the refusal names the settings.
     */
    @Test
    void retentionAndEncryptionAreAskedOfEveryPut() throws Exception {
        byte[] raw = message("to be kept for 30 days");
        String key = layout.messageKey("mb-locked", Sha256.of(raw));
        Instant before = Instant.now();
        int requestsBefore = proxy.requests().size();
        S3ObjectStore protecting = new S3ObjectStore(new TestS3Settings(proxy.endpoint(), BUCKET).protecting(
                TestS3Settings.encryption(S3Settings.Sse.KMS, "arn:aws:kms:eu-west-1:1:key/k"),
                TestS3Settings.lock(S3Settings.LockMode.GOVERNANCE, 30)), Clock.systemUTC(), () -> false);
        try {
            assertThatThrownBy(() -> protecting.putIfAbsent(key, ObjectStore.Bytes.of(raw, Sha256.of(raw)),
                    ObjectStore.PutOptions.message(Sha256.of(raw))))
                    .isInstanceOfSatisfying(ArchiveRefusedException.class, e -> assertThat(e.reason())
                            .contains("501 NotImplemented").contains("mailcellar.s3.object-lock.*"));
        } finally {
            protecting.close();
        }

        // The store's first write is its marker object, refused as the message would be: every PUT asks.
        List<TamperingProxy.RecordedRequest> puts = proxy.requests().subList(requestsBefore, proxy.requests().size())
                .stream().filter(request -> request.line().startsWith("PUT ")).toList();
        assertThat(puts).isNotEmpty();
        Map<String, String> headers = puts.get(puts.size() - 1).headers();
        assertThat(headers).containsKey("x-amz-checksum-sha256")
                .containsEntry("x-amz-object-lock-mode", "GOVERNANCE")
                .containsEntry("x-amz-server-side-encryption", "aws:kms")
                .containsEntry("x-amz-server-side-encryption-aws-kms-key-id", "arn:aws:kms:eu-west-1:1:key/k");
        assertThat(Instant.parse(headers.get("x-amz-object-lock-retain-until-date")))
                .isBetween(before.plus(java.time.Duration.ofDays(30)).minusSeconds(1),
                        Instant.now().plus(java.time.Duration.ofDays(30)));
        assertThat(headers.get("authorization")).contains("x-amz-object-lock-mode")
                .contains("x-amz-object-lock-retain-until-date").contains("x-amz-server-side-encryption");
    }

    private static TamperingProxy.RecordedRequest lastPut(String key) {
        return proxy.requests().stream().filter(request -> request.line().equals("PUT /" + BUCKET + "/" + key))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError("no PUT of " + key));
    }

    private static String base64Sha256(byte[] bytes) throws Exception {
        return java.util.Base64.getEncoder().encodeToString(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void aBucketWrittenToIsNeverCreatedAgainEmpty() throws Exception {
        String bucket = "bucket-lost-" + System.nanoTime();
        AtomicBoolean archivedBefore = new AtomicBoolean();
        MovableClock clock = new MovableClock(Instant.now());
        byte[] raw = message("kept");
        String sha = Sha256.of(raw);
        try (S3Objects objects = new S3Objects(LocalServers.get().s3(), bucket)) {
            S3ObjectStore archive = new S3ObjectStore(new TestS3Settings(LocalServers.get().s3().endpoint(), bucket),
                    clock, archivedBefore::get);
            assertThat(archive.putIfAbsent(layout.messageKey("mb-lost", sha), ObjectStore.Bytes.of(raw, sha),
                    ObjectStore.PutOptions.message(sha))).as("a new bucket is created").isTrue();
            assertThat(objects.keys("")).as("and marked").contains(S3ObjectStore.MARKER);
            archivedBefore.set(true);

            objects.empty(true);
            assertThatThrownBy(() -> archive.putIfAbsent(layout.messageKey("mb-lost", sha),
                    ObjectStore.Bytes.of(raw, sha), ObjectStore.PutOptions.message(sha)))
                    .as("deleted while in use: the write fails").isInstanceOf(ArchiveUnavailableException.class);
            assertThatThrownBy(archive::ensureBucket).as("and the next check says why")
                    .isInstanceOf(ArchiveLostException.class)
                    .hasMessageContaining("bucket " + bucket + " is gone, though the archivers have written to it");
            S3ObjectStore restarted = new S3ObjectStore(new TestS3Settings(LocalServers.get().s3().endpoint(), bucket),
                    clock, archivedBefore::get);
            assertThatThrownBy(() -> restarted.putIfAbsent(layout.messageKey("mb-lost", sha),
                    ObjectStore.Bytes.of(raw, sha), ObjectStore.PutOptions.message(sha)))
                    .as("nor after a restart").isInstanceOf(ArchiveLostException.class)
                    .hasMessageContaining("is gone");
            assertThat(objects.bucketExists()).as("never recreated").isFalse();
            restarted.close();
            archive.close();
        }
    }

    @Test
    void aBucketEmptiedUnderTheArchiveIsNoticedWithinAMinute() throws Exception {
        String bucket = "bucket-emptied-" + System.nanoTime();
        MovableClock clock = new MovableClock(Instant.now());
        AtomicBoolean archivedBefore = new AtomicBoolean();
        try (S3Objects objects = new S3Objects(LocalServers.get().s3(), bucket)) {
            S3ObjectStore archive = new S3ObjectStore(new TestS3Settings(LocalServers.get().s3().endpoint(), bucket),
                    clock, archivedBefore::get);
            archive.ensureBucket();
            archivedBefore.set(true);
            objects.empty(false);

            archive.ensureBucket();
            clock.advance(Duration.ofSeconds(61));
            assertThatThrownBy(archive::ensureBucket).isInstanceOf(ArchiveLostException.class)
                    .hasMessageContaining("holds nothing under the archive's prefix, not even "
                            + S3ObjectStore.MARKER);
            assertThat(objects.keys("")).as("nothing written into the emptied bucket").isEmpty();
            archive.close();
        }
    }

    @Test
    void writersMeetingAnAbsentBucketTogetherAllWrite() throws Exception {
        int writers = 8;
        for (int round = 0; round < 3; round++) {
            String bucket = "bucket-race-" + round + "-" + System.nanoTime();
            S3ObjectStore fresh = new S3ObjectStore(new TestS3Settings(LocalServers.get().s3().endpoint(), bucket),
                    Clock.systemUTC(), () -> false);
            CyclicBarrier together = new CyclicBarrier(writers);
            ExecutorService pool = Executors.newFixedThreadPool(writers);
            try {
                List<Future<Boolean>> writes = new ArrayList<>();
                for (int i = 0; i < writers; i++) {
                    byte[] raw = message("race " + round + " " + i);
                    writes.add(pool.submit(() -> {
                        together.await();
                        String sha = Sha256.of(raw);
                        return fresh.putIfAbsent(layout.messageKey("mb-race", sha), ObjectStore.Bytes.of(raw, sha),
                                ObjectStore.PutOptions.message(sha));
                    }));
                }
                for (Future<Boolean> write : writes) {
                    assertThat(write.get(30, TimeUnit.SECONDS)).as("round %d: every write went through", round)
                            .isTrue();
                }
            } finally {
                pool.shutdownNow();
                fresh.close();
            }
        }
    }

    /** The requests about message objects (the bucket's own creation, on first use, left out). */
    private static List<String> messageRequestsSince(int before) {
        List<String> all = proxy.requestLines();
        return all.subList(before, all.size()).stream()
                .filter(line -> line.contains(" /" + BUCKET + "/mailboxes/")).toList();
    }

    private MessageWriter writer(boolean readBack) {
        return new MessageWriter(store, layout, TestArchiveSettings.readBack(readBack), meters,
                TestSinks.problems(meters));
    }

    private static byte[] message(String text) {
        return ("Subject: " + text + "\r\nMessage-ID: <" + System.nanoTime() + "@test>\r\n\r\n" + text + "\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static MessageAdded event(byte[] raw) {
        return event("mb-write", raw);
    }

    private static MessageAdded event(String mailbox, byte[] raw) {
        return new MessageAdded(mailbox, "INBOX", 1, 10, Sha256.of(raw), raw.length, List.of(), null,
                new MessageContent.Inline(raw), null);
    }
}
