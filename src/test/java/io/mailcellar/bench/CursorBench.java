package io.mailcellar.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.mailcellar.kafka.StoredJson;
import io.mailcellar.sync.cursor.CursorStore;
import io.mailcellar.sync.cursor.FolderCursor;
import io.mailcellar.sync.cursor.KnownMessage;
import io.mailcellar.sync.cursor.KnownMessages;
import io.mailcellar.sync.cursor.MemoryCursorTable;
import io.mailcellar.sync.cursor.Pop3Messages;
import io.mailcellar.sync.cursor.SyncCursor;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.IntStream;

import static io.mailcellar.bench.BenchArgs.intArg;

/**
 * What saving a cursor costs as a folder or a maildrop grows: a batch of new
 * messages is added to a folder (or a POP3 maildrop with random UIDLs) that
 * already knows N, the cursor is built and saved, and the time and the bytes
 * encoded per save are printed for each N, beside what writing the N known
 * messages as one record would cost, measured in the same run. The store is
 * the poller's own ({@code CursorStore}) over an in-memory table that encodes
 * every record with the service's mapper, as the Kafka producer would be
 * handed it. Run it with {@code bench/cursors.sh}; the figures go to stdout.
 */
public final class CursorBench {

    private static final String MAILBOX = "7d7c1c1e-5a51-4c52-9a36-5a0b0b0b0b0b";
    private static final List<String> SEEN = List.of("\\Seen");

    private CursorBench() {
    }

    public static void main(String[] args) throws Exception {
        int batch = intArg(args, "--batch", 200);
        int saves = intArg(args, "--saves", 50);
        int largest = intArg(args, "--largest", 1_000_000);
        int[] sizes = IntStream.iterate(1_000, size -> size <= largest, size -> size * 10).toArray();
        // A first pass to let the compilers settle; the second is printed.
        for (int size : sizes) {
            imap(size, batch, saves);
            pop3(size, batch, saves);
        }
        System.out.printf("%nbatches of %d new messages, %d saves each (means per save)%n", batch, saves);
        System.out.printf("%10s | %12s %10s | %12s %10s | %14s %10s%n", "known", "IMAP µs", "IMAP KB",
                "POP3 µs", "POP3 KB", "one record µs", "KB");
        double[] first = null;
        for (int size : sizes) {
            double[] imap = imap(size, batch, saves);
            double[] pop3 = pop3(size, batch, saves);
            double[] whole = oneRecord(size);
            System.out.printf("%,10d | %12.0f %10.1f | %12.0f %10.1f | %14.0f %10.1f%n", size, imap[0], imap[1],
                    pop3[0], pop3[1], whole[0], whole[1]);
            if (first == null) {
                first = new double[] {imap[0], pop3[0]};
            } else {
                System.out.printf("%10s   time per save against %,d known: IMAP %.2f, POP3 %.2f%n", "",
                        sizes[0], imap[0] / first[0], pop3[0] / first[1]);
            }
        }
    }

    /** {@code [µs per save, KB per save]} for batches into a folder that knows {@code size} messages. */
    private static double[] imap(int size, int batch, int saves) {
        MemoryCursorTable table = MemoryCursorTable.withStoredJson();
        table.checkRoundTrip = false;
        CursorStore store = new CursorStore(table);
        KnownMessages.Editor known = KnownMessages.empty().edit();
        for (long uid = 1; uid <= size; uid++) {
            known.put(uid, message(uid));
        }
        long next = size + 1L;
        SyncCursor cursor = SyncCursor.empty(MAILBOX).with("INBOX", folder(next, known.build()));
        store.save(cursor, MemoryCursorTable.FENCE);
        long bytes = table.bytesWritten;
        long start = System.nanoTime();
        for (int save = 0; save < saves; save++) {
            for (int i = 0; i < batch; i++) {
                known.put(next, message(next));
                next++;
            }
            cursor = cursor.with("INBOX", folder(next, known.build()));
            store.save(cursor, MemoryCursorTable.FENCE);
        }
        return perSave(start, table.bytesWritten - bytes, saves);
    }

    /** As {@link #imap}, for a maildrop whose UIDLs are random. */
    private static double[] pop3(int size, int batch, int saves) {
        MemoryCursorTable table = MemoryCursorTable.withStoredJson();
        table.checkRoundTrip = false;
        CursorStore store = new CursorStore(table);
        Pop3Messages.Editor known = Pop3Messages.empty().edit();
        for (long n = 0; n < size; n++) {
            known.put(UUID.randomUUID().toString(), message(n));
        }
        SyncCursor cursor = SyncCursor.empty(MAILBOX).withPop3(known.build(), false);
        store.save(cursor, MemoryCursorTable.FENCE);
        long bytes = table.bytesWritten;
        long start = System.nanoTime();
        for (int save = 0; save < saves; save++) {
            for (int i = 0; i < batch; i++) {
                known.put(UUID.randomUUID().toString(), message(save * batch + i));
            }
            cursor = cursor.withPop3(known.build(), false);
            store.save(cursor, MemoryCursorTable.FENCE);
        }
        return perSave(start, table.bytesWritten - bytes, saves);
    }

    /** {@code [µs, KB]} to encode {@code size} known messages as one record, as one-record cursors were written. */
    private static double[] oneRecord(int size) throws Exception {
        ObjectMapper json = StoredJson.mapper();
        Map<Long, KnownMessage> messages = new TreeMap<>();
        for (long uid = 1; uid <= size; uid++) {
            messages.put(uid, message(uid));
        }
        int rounds = Math.max(3, 2_000_000 / size);
        long bytes = 0;
        long start = System.nanoTime();
        for (int round = 0; round < rounds; round++) {
            bytes += json.writeValueAsBytes(messages).length;
        }
        return perSave(start, bytes, rounds);
    }

    private static double[] perSave(long start, long bytes, int saves) {
        return new double[] {(System.nanoTime() - start) / 1e3 / saves, bytes / 1024.0 / saves};
    }

    private static FolderCursor folder(long uidNext, KnownMessages known) {
        return new FolderCursor(7, uidNext, 0, null, known, null, Map.of());
    }

    private static KnownMessage message(long n) {
        return new KnownMessage(String.format("%064x", n), n % 3 == 0 ? SEEN : List.of());
    }
}
