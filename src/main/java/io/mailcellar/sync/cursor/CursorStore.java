package io.mailcellar.sync.cursor;

import io.mailcellar.app.Role;
import io.mailcellar.app.RoleSettings;
import io.mailcellar.kafka.CompactedTable;
import io.mailcellar.kafka.CompactedTables;
import io.mailcellar.kafka.GroupFence;
import io.mailcellar.kafka.KafkaUnavailableException;
import io.mailcellar.kafka.KeyValueTable;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.kafka.Topics;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * The pollers' cursors, kept in the compacted {@code sync-state} topic and
 * replayed at start. A cursor is saved only after the events it covers were
 * acknowledged, so a crash in between re-publishes (same event ids) rather
 * than skips.
 *
 * <p>A cursor is a head record and, per folder, segments of its known
 * messages ({@link CursorKeys}). A save writes the segments that changed,
 * the head, and the removal of segments no head lists any more, in one
 * Kafka transaction: saving after a batch of new mail costs the batch's
 * segments, not every message of the mailbox, and readers see the whole
 * save or none of it. A POP3 maildrop's known messages are segmented the
 * same way, by the order they were first known ({@link Pop3Messages}).
 *
 * <p>A save is {@link GroupFence fenced} by the poller's hold on the
 * mailbox's partition: a poller that lost the mailbox to another (a
 * rebalance, a pause longer than its session) while a run was under way
 * cannot write a late cursor over the new owner's, and the new owner reads
 * the mailbox's partition to its end ({@link #load}) before it polls.
 *
 * <p>A poller holds the cursors of the mailboxes it owns, not all of
 * {@code sync-state}: {@code sync-state} and {@code sync-requests} are
 * co-partitioned, so the partitions the group gives it are the ones it
 * reads, replayed when given and forgotten when taken away.
 */
@Startup
@ApplicationScoped
public class CursorStore {

    private static final Logger LOG = Logger.getLogger(CursorStore.class);

    /** Brings the cursors of these partitions of {@code sync-requests} (out of so many) into memory. */
    private interface Loader {
        void load(Set<Integer> partitions, int partitionCount, Duration timeout);
    }

    private final Supplier<KeyValueTable<CursorRecord>> records;
    private final BooleanSupplier ready;
    private final Loader loader;
    private final boolean inUse;
    /** Cursors assembled from their records, until a record of their mailbox comes from another instance. */
    private final ConcurrentMap<String, SyncCursor> assembled = new ConcurrentHashMap<>();
    private final Object assembling = new Object();

    @Inject
    CursorStore(CompactedTables tables, Topics topics, RoleSettings roles) {
        CompactedTables.Handle<CursorRecord> handle = tables.registerTransactional(topics.syncState(),
                new CursorCodec(StoredJson.mapper()), this::othersWrote, "mailcellar-cursors",
                roles.runs(Role.POLLER), CompactedTable.Scope.FOLLOWED_PARTITIONS);
        this.records = handle::table;
        this.loader = (partitions, count, timeout) -> follow(handle, topics, partitions, count, timeout);
        this.ready = handle::isReady;
        this.inUse = handle.inUse();
    }

    /** Over a table already replayed; the table's owner calls {@link #othersWrote} for records of others. */
    public CursorStore(KeyValueTable<CursorRecord> table) {
        this.records = () -> table;
        this.loader = (partitions, count, timeout) -> { };
        this.ready = () -> true;
        this.inUse = true;
    }

    /** False in a process that does not poll: it never reads {@code sync-state}. */
    public boolean inUse() {
        return inUse;
    }

    /**
     * True once this process knows how {@code sync-state} is partitioned; never in a process that does not
     * poll. Which cursors it holds, {@link #load} decides.
     */
    public boolean isReady() {
        return ready.getAsBoolean();
    }

    /**
     * Holds the cursors of the mailboxes in these partitions of {@code sync-requests} (the partitions this
     * poller was given, out of {@code partitionCount}), and only those: it returns once it has read every
     * cursor record committed to them so far, by any poller, so that a poller never starts from an older
     * cursor than the one their last owner saved. Cursors of partitions no longer given are forgotten.
     *
     * @throws KafkaUnavailableException not done within the timeout
     */
    public void load(Set<Integer> partitions, int partitionCount, Duration timeout) {
        loader.load(partitions, partitionCount, timeout);
    }

    private void follow(CompactedTables.Handle<CursorRecord> handle, Topics topics, Set<Integer> partitions,
                        int partitionCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        try {
            while (!handle.isReady()) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("the partitions of " + topics.syncState() + " are not known yet");
                }
                Thread.sleep(50);
            }
            CompactedTable<CursorRecord> table = handle.table();
            Set<Integer> wanted = partitions;
            if (table.partitionCount() != partitionCount) {
                // Topics created by hand with different counts: which cursor partition holds a mailbox no longer
                // follows from its request partition, so every poller holds them all.
                LOG.warnf("%s has %d partitions and %s %d: each poller holds every cursor, not only those of its "
                                + "mailboxes. Give both topics the same number of partitions to spread them",
                        topics.syncState(), table.partitionCount(), topics.syncRequests(), partitionCount);
                wanted = IntStream.range(0, table.partitionCount()).boxed().collect(Collectors.toSet());
            }
            table.follow(wanted).get(remaining(deadline), TimeUnit.NANOSECONDS);
            table.awaitCurrent(Duration.ofNanos(remaining(deadline)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaUnavailableException("interrupted while reading the cursors of partitions " + partitions, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaUnavailableException("could not read the cursors of partitions " + partitions
                    + " within " + timeout + ": " + e.getMessage(), e);
        }
    }

    private static long remaining(long deadline) {
        return Math.max(1, deadline - System.nanoTime());
    }

    /**
     * The mailbox's cursor; empty for a mailbox never polled.
     *
     * @throws CursorNotHeldException this poller does not hold the cursors of the mailbox's partition
     */
    public SyncCursor get(String mailboxId) {
        SyncCursor cursor = assembled.get(mailboxId);
        if (cursor != null) {
            return cursor;
        }
        // Under the lock that othersWrote takes, so a cursor assembled from records being replaced is not kept.
        synchronized (assembling) {
            try {
                cursor = assemble(mailboxId);
            } catch (IllegalStateException e) {
                if (!records.get().holds(CursorKeys.head(mailboxId))) {
                    throw new CursorNotHeldException(mailboxId);
                }
                throw e;
            }
            // Asked after assembling: a partition stops being held before its records are dropped. An empty
            // cursor from a partition not held would fetch the whole mailbox again.
            if (!records.get().holds(CursorKeys.head(mailboxId))) {
                throw new CursorNotHeldException(mailboxId);
            }
            assembled.put(mailboxId, cursor);
            return cursor;
        }
    }

    /**
     * Saves the cursor, all of it or nothing, while the fence holds.
     *
     * @throws io.mailcellar.kafka.FencedWriteException the poller lost the mailbox: nothing was saved
     */
    public void save(SyncCursor next, GroupFence fence) {
        String mailboxId = next.mailboxId();
        KeyValueTable<CursorRecord> table = records.get();
        StoredCursor before = storedHead(table, mailboxId);
        Map<String, CursorRecord> segments = new LinkedHashMap<>();
        Set<String> listed = new HashSet<>();
        Map<String, StoredCursor.StoredFolder> folders = new HashMap<>();
        SyncCursor saved = assembled.get(mailboxId);
        next.folders().forEach((name, folder) -> {
            StoredCursor.StoredFolder headFolder = before == null ? null : before.folders().get(name);
            if (saved != null && headFolder != null && saved.folders().get(name) == folder) {
                // The very folder cursor saved (or read) last, untouched since: its segments are stored as the head
                // lists them, so a save costs the folders it changes, not every folder of the mailbox.
                headFolder.segments().forEach(number ->
                        listed.add(CursorKeys.segment(mailboxId, folder.uidValidity(), number, name)));
                folders.put(name, StoredCursor.StoredFolder.of(folder, headFolder.segments()));
                return;
            }
            List<Long> numbers = new ArrayList<>();
            folder.messages().segments().forEach((number, messages) -> {
                String key = CursorKeys.segment(mailboxId, folder.uidValidity(), number, name);
                numbers.add(number);
                listed.add(key);
                if (!stored(table, key, messages)) {
                    segments.put(key, new CursorSegment(messages));
                }
            });
            folders.put(name, StoredCursor.StoredFolder.of(folder, numbers));
        });
        List<Long> pop3Numbers = new ArrayList<>();
        next.pop3().segments().forEach((number, messages) -> {
            String key = CursorKeys.pop3Segment(mailboxId, number);
            pop3Numbers.add(number);
            listed.add(key);
            if (!stored(table, key, messages)) {
                segments.put(key, new Pop3Segment(messages));
            }
        });
        List<String> unlisted = new ArrayList<>();
        if (before != null) {
            before.folders().forEach((name, folder) -> folder.segments().stream()
                    .map(number -> CursorKeys.segment(mailboxId, folder.uidValidity(), number, name))
                    .filter(key -> !listed.contains(key))
                    .forEach(unlisted::add));
            before.pop3Segments().stream()
                    .map(number -> CursorKeys.pop3Segment(mailboxId, number))
                    .filter(key -> !listed.contains(key))
                    .forEach(unlisted::add);
        }
        // Segments first, then the head that lists them, then the removals: one partition keeps that order.
        Map<String, CursorRecord> records = new LinkedHashMap<>(segments);
        records.put(CursorKeys.head(mailboxId),
                new StoredCursor(mailboxId, folders, pop3Numbers, next.pop3WithoutUidl()));
        table.write(records, unlisted, fence);
        assembled.put(mailboxId, next);
    }

    /**
     * True when the table holds these messages under the key. A segment no change touched is the very map the
     * table holds (written by an earlier save, or read and shared), so it costs no comparison of messages.
     */
    private static boolean stored(KeyValueTable<CursorRecord> table, String key, Map<?, KnownMessage> messages) {
        Map<?, KnownMessage> stored = table.get(key).map(CursorStore::messagesOf).orElse(null);
        return stored == messages || stored != null && stored.equals(messages);
    }

    private static Map<?, KnownMessage> messagesOf(CursorRecord record) {
        if (record instanceof CursorSegment segment) {
            return segment.messages();
        }
        return record instanceof Pop3Segment segment ? segment.messages() : null;
    }

    /** The mailboxes whose cursor this poller holds (or records of one). */
    public Set<String> mailboxes() {
        Set<String> mailboxes = new HashSet<>();
        records.get().keys().forEach(key -> mailboxes.add(CursorKeys.mailboxOf(key)));
        return mailboxes;
    }

    /**
     * Removes every record of the mailbox's cursor, for a mailbox no longer
     * registered, while the fence holds: its head first, then its segments.
     */
    public void forget(String mailboxId, GroupFence fence) {
        KeyValueTable<CursorRecord> table = records.get();
        List<String> keys = new ArrayList<>();
        List<String> segments = new ArrayList<>();
        for (String key : table.keys()) {
            if (CursorKeys.mailboxOf(key).equals(mailboxId)) {
                (CursorKeys.isSegment(key) ? segments : keys).add(key);
            }
        }
        keys.addAll(segments);
        if (!keys.isEmpty()) {
            table.write(Map.of(), keys, fence);
        }
        synchronized (assembling) {
            assembled.remove(mailboxId);
        }
    }

    private SyncCursor assemble(String mailboxId) {
        KeyValueTable<CursorRecord> table = records.get();
        StoredCursor head = storedHead(table, mailboxId);
        if (head == null) {
            return SyncCursor.empty(mailboxId);
        }
        Map<String, FolderCursor> folders = new HashMap<>();
        head.folders().forEach((name, folder) -> {
            NavigableMap<Long, SortedMap<Long, KnownMessage>> known = new TreeMap<>();
            for (long number : folder.segments()) {
                String key = CursorKeys.segment(mailboxId, folder.uidValidity(), number, name);
                SortedMap<Long, KnownMessage> messages = ((CursorSegment) listed(table, key,
                        "folder " + name + " lists segment " + number)).messages();
                if (!messages.isEmpty() && messages.lastKey() >= folder.uidNext()) {
                    // A segment written by a save that never reached its head may know UIDs past it.
                    messages = Collections.unmodifiableSortedMap(new TreeMap<>(messages.headMap(folder.uidNext())));
                }
                if (!messages.isEmpty()) {
                    known.put(number, messages);
                }
            }
            folders.put(name, folder.withMessages(KnownMessages.ofSegments(known)));
        });
        NavigableMap<Long, SortedMap<String, KnownMessage>> pop3 = new TreeMap<>();
        for (long number : head.pop3Segments()) {
            pop3.put(number, ((Pop3Segment) listed(table, CursorKeys.pop3Segment(mailboxId, number),
                    "POP3 maildrop lists segment " + number)).messages());
        }
        return new SyncCursor(mailboxId, folders, Pop3Messages.ofSegments(pop3), head.pop3WithoutUidl());
    }

    private static CursorRecord listed(KeyValueTable<CursorRecord> table, String key, String what) {
        return table.get(key).orElseThrow(() -> new IllegalStateException("the cursor of " + what
                + ", which is not in sync-state yet; the poll is tried again later"));
    }

    /** The head, or null for a mailbox never polled. */
    private static StoredCursor storedHead(KeyValueTable<CursorRecord> table, String mailboxId) {
        return table.get(CursorKeys.head(mailboxId))
                .map(StoredCursor.class::cast)
                .orElse(null);
    }

    /**
     * A record of the mailbox came from another instance, a removal came back, or its partition was let go:
     * assemble it afresh.
     */
    void othersWrote(String key) {
        synchronized (assembling) {
            assembled.remove(CursorKeys.mailboxOf(key));
        }
    }
}
