package io.mailcellar.archive;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The bytes of events the archiver is writing, held under a limit: a batch
 * reserves its bytes before it is written and gives them back when it is
 * done, so the archiver can take the next batch while the last one is still
 * being written without its memory growing past the limit. Reservations are
 * granted in order; one larger than the whole limit is granted once nothing
 * else is held, so it waits instead of never going through.
 */
final class ByteBudget {

    private final long limit;
    private long held;
    private final Deque<Waiting> waiting = new ArrayDeque<>();

    private record Waiting(long bytes, CompletableFuture<Void> granted) {
    }

    ByteBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("a byte budget must be positive, not " + limit);
        }
        this.limit = limit;
    }

    /** Completes once these bytes are held for the caller: at once when they fit. */
    CompletableFuture<Void> reserve(long bytes) {
        synchronized (this) {
            if (waiting.isEmpty() && fits(bytes)) {
                held += bytes;
                return CompletableFuture.completedFuture(null);
            }
            CompletableFuture<Void> granted = new CompletableFuture<>();
            waiting.add(new Waiting(bytes, granted));
            return granted;
        }
    }

    /** Gives bytes back, and grants the reservations waiting that now fit, in order. */
    void release(long bytes) {
        List<CompletableFuture<Void>> granted = new ArrayList<>();
        synchronized (this) {
            held -= bytes;
            while (!waiting.isEmpty() && fits(waiting.peekFirst().bytes())) {
                Waiting next = waiting.pollFirst();
                held += next.bytes();
                granted.add(next.granted());
            }
        }
        // Outside the lock: a granted batch goes on at once on this thread.
        granted.forEach(future -> future.complete(null));
    }

    synchronized long held() {
        return held;
    }

    private boolean fits(long bytes) {
        return held == 0 || held + bytes <= limit;
    }
}
