package io.mailcellar.kafka;

import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentMap;

/**
 * An instance's acknowledged writes to a compacted topic that its own reader
 * has not read back yet, per key, in log order. While a key has one pending,
 * every record read for it is either that write coming back or older than it
 * in the log, so the view, which already holds the write, must not take it.
 */
final class OwnWrites {

    private final ConcurrentMap<String, Deque<byte[]>> pending = new ConcurrentHashMap<>();

    /** Call before sending; undo with {@link #forget} if the send failed. */
    void sending(String key, byte[] value) {
        pending.computeIfAbsent(key, k -> new ConcurrentLinkedDeque<>()).addLast(value);
    }

    void forget(String key, byte[] value) {
        Deque<byte[]> writes = pending.get(key);
        if (writes == null) {
            return;
        }
        for (var newestFirst = writes.descendingIterator(); newestFirst.hasNext(); ) {
            if (Arrays.equals(newestFirst.next(), value)) {
                newestFirst.remove();
                return;
            }
        }
    }

    /**
     * Forgets the writes under these keys: their partition is read again from its beginning, or not at all,
     * so no record of theirs may be skipped any more.
     */
    void forgetKeys(java.util.function.Predicate<String> keys) {
        pending.keySet().removeIf(keys);
    }

    /** True when the record read must be skipped: our own write coming back, or an older record. */
    boolean skip(String key, byte[] value) {
        Deque<byte[]> writes = pending.get(key);
        if (writes == null || writes.isEmpty()) {
            return false;
        }
        if (Arrays.equals(value, writes.peekFirst())) {
            writes.pollFirst();
        }
        return true;
    }
}
