package io.mailcellar.sync;

import io.mailcellar.archive.ArchiveUnavailableException;
import io.mailcellar.event.MailEvent;
import io.mailcellar.event.MessageAdded;
import io.mailcellar.event.MessageContent;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A batch committed in the background: its events are sent in the order they
 * were handed over, its cursor is saved only once Kafka acknowledged them, and
 * a failure reaches the run, with no cursor saved past it.
 */
class SyncSessionTest {

    private static final String MAILBOX = "0b7f7a34-8f61-4d0e-8d8c-1c1c1c1c1c1c";
    private final RecordingCursorTable table = new RecordingCursorTable();
    private final CursorStore cursors = new CursorStore(table);
    private final HeldAcks kafka = new HeldAcks();
    private final ExecutorService background = Executors.newSingleThreadExecutor();
    private final SyncSession session = new SyncSession(kafka, cursors, MAILBOX, new RunProgress(), background);

    @AfterEach
    void stop() {
        background.shutdownNow();
    }

    @Test
    void theCursorIsSavedOnlyOnceTheBatchIsAcknowledged() throws Exception {
        session.send(ready(1));
        session.send(ready(2));
        SyncCursor afterBatch = cursor(3);

        session.commitInBackground(afterBatch);

        assertThat(session.cursor()).as("the run reads on from the committed cursor").isEqualTo(afterBatch);
        assertThat(kafka.sentUids()).containsExactly(1L, 2L);
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(table.values).as("no cursor before Kafka acknowledged the batch").isEmpty();

        kafka.acknowledgeAll();
        session.finish();
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(afterBatch);
    }

    @Test
    void eventsKeepTheirOrderBehindALargeMessageStillBeingWritten() {
        CompletableFuture<MessageAdded> large = new CompletableFuture<>();
        session.send(large);
        session.send(ready(2));
        session.commitInBackground(cursor(3));
        session.send(ready(3));
        assertThat(kafka.sentUids()).as("nothing overtakes the large message").isEmpty();

        large.complete(added(1));
        await().atMost(Duration.ofSeconds(5)).until(() -> kafka.sentUids().size() == 3);
        assertThat(kafka.sentUids()).as("the batch, and the next one's ready event behind it")
                .containsExactly(1L, 2L, 3L);

        kafka.acknowledgeFromNowOn();
        session.commit(List.of(), cursor(4));
        assertThat(kafka.sentUids()).containsExactly(1L, 2L, 3L);
        assertThat(new CursorStore(table).get(MAILBOX)).isEqualTo(cursor(4));
    }

    @Test
    void aLargeMessageThatCouldNotBeWrittenFailsTheRunAndNoCursorIsSaved() {
        CompletableFuture<MessageAdded> large = new CompletableFuture<>();
        session.send(ready(1));
        session.send(large);
        session.commitInBackground(cursor(3));
        large.completeExceptionally(new ArchiveUnavailableException("S3 write failed", null));

        assertThatThrownBy(() -> session.commit(List.of(), cursor(4)))
                .isInstanceOf(ArchiveUnavailableException.class).hasMessage("S3 write failed");
        assertThat(table.values).isEmpty();
    }

    @Test
    void aRunThatFailsWaitsForItsBackgroundCommitAndKeepsItsFailure() {
        CompletableFuture<MessageAdded> large = new CompletableFuture<>();
        session.send(large);
        session.commitInBackground(cursor(2));
        Exception runFailure = new IllegalStateException("the mail server went away");
        CompletableFuture.runAsync(() -> large.completeExceptionally(
                new ArchiveUnavailableException("S3 write failed", null)), CompletableFuture.delayedExecutor(200,
                TimeUnit.MILLISECONDS));

        session.abandon(runFailure);

        assertThat(runFailure.getSuppressed()).singleElement()
                .isInstanceOf(ArchiveUnavailableException.class);
        assertThat(table.values).isEmpty();
    }

    private static SyncCursor cursor(long uidNext) {
        Map<Long, KnownMessage> known = new java.util.TreeMap<>();
        for (long uid = 1; uid < uidNext; uid++) {
            known.put(uid, new KnownMessage(sha(uid), List.of()));
        }
        return new SyncCursor(MAILBOX, Map.of("INBOX", new FolderCursor(7, uidNext, 0, null, known, null)),
                Map.of(), false);
    }

    private static CompletableFuture<MessageAdded> ready(long uid) {
        return CompletableFuture.completedFuture(added(uid));
    }

    private static MessageAdded added(long uid) {
        byte[] bytes = ("Subject: " + uid + "\r\n\r\n").getBytes();
        return new MessageAdded(MAILBOX, "INBOX", 7, uid, sha(uid), bytes.length, List.of(), null,
                new MessageContent.Inline(bytes), null);
    }

    private static String sha(long uid) {
        return String.format("%064x", uid);
    }

    /** Kafka as the run sees it: what was sent, in order, and acknowledgements that come when the test says. */
    private static final class HeldAcks implements EventSink {

        private final List<MailEvent> sent = Collections.synchronizedList(new ArrayList<>());
        private final List<CompletableFuture<RecordMetadata>> held = Collections.synchronizedList(new ArrayList<>());
        private volatile boolean acknowledging;

        @Override
        public List<Future<RecordMetadata>> send(List<? extends MailEvent> events) {
            List<Future<RecordMetadata>> acks = new ArrayList<>();
            for (MailEvent event : events) {
                sent.add(event);
                CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
                held.add(ack);
                acks.add(ack);
                if (acknowledging) {
                    acknowledgeAll();
                }
            }
            return acks;
        }

        @Override
        public void awaitAcks(List<Future<RecordMetadata>> acks) {
            for (Future<RecordMetadata> ack : acks) {
                try {
                    ack.get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new AssertionError("not acknowledged", e);
                }
            }
        }

        void acknowledgeFromNowOn() {
            acknowledging = true;
            acknowledgeAll();
        }

        void acknowledgeAll() {
            List.copyOf(held).forEach(ack -> ack.complete(new RecordMetadata(new TopicPartition("events", 0), 0, 0,
                    0, 0, 0)));
        }

        List<Long> sentUids() {
            synchronized (sent) {
                return sent.stream().map(event -> ((MessageAdded) event).uid()).toList();
            }
        }
    }
}
