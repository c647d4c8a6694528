package io.mailcellar.sync.cursor;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.ToLongFunction;

/**
 * Known messages held as the numbered segments they are stored in, each
 * segment an immutable map: a changed copy ({@link Edits}) shares every
 * segment it did not touch, so a batch costs the segments it touched, and a
 * save tells a segment it must write from one it need not by identity, not by
 * comparing messages.
 */
abstract class Segments<K> extends AbstractMap<K, KnownMessage> {

    /** Messages per POP3 segment at most: at ~100 bytes of JSON each, a segment record stays near 50 KB. */
    static final int CAPACITY = 512;

    private final NavigableMap<Long, SortedMap<K, KnownMessage>> segments;
    private final int size;

    /** Over segments no one changes any more: a map of its own, of immutable maps. */
    Segments(NavigableMap<Long, SortedMap<K, KnownMessage>> segments) {
        this.segments = Collections.unmodifiableNavigableMap(segments);
        int count = 0;
        for (SortedMap<K, KnownMessage> segment : segments.values()) {
            count += segment.size();
        }
        this.size = count;
    }

    /** The segments by number, each an immutable map: one not touched since is the very same object. */
    NavigableMap<Long, SortedMap<K, KnownMessage>> segments() {
        return segments;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    /**
     * As any map's, but segment by segment where both are segmented alike, so that a copy compared with the
     * one it was made from costs the segments it changed (a poller compares every cursor it is handed with
     * the one it saved last).
     */
    @Override
    public boolean equals(Object other) {
        if (other == this) {
            return true;
        }
        if (other instanceof Segments<?> them && them.getClass() == getClass()) {
            if (them.size != size) {
                return false;
            }
            if (them.segments.keySet().equals(segments.keySet())) {
                boolean alike = alikeSegmentBySegment(them);
                if (alike || keyDecidesSegment()) {
                    return alike;
                }
            } else if (keyDecidesSegment()) {
                return false;
            }
        }
        return super.equals(other);
    }

    private boolean alikeSegmentBySegment(Segments<?> them) {
        for (Entry<Long, SortedMap<K, KnownMessage>> segment : segments.entrySet()) {
            Map<?, KnownMessage> theirs = them.segments.get(segment.getKey());
            if (theirs != segment.getValue() && !theirs.equals(segment.getValue())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }

    /** True where a key's segment follows from the key alone, so that equal maps are equal segment by segment. */
    abstract boolean keyDecidesSegment();

    @Override
    public Set<Entry<K, KnownMessage>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Entry<K, KnownMessage>> iterator() {
                Iterator<SortedMap<K, KnownMessage>> each = segments.values().iterator();
                return new Iterator<>() {
                    private Iterator<Entry<K, KnownMessage>> current = Collections.emptyIterator();

                    @Override
                    public boolean hasNext() {
                        while (!current.hasNext() && each.hasNext()) {
                            current = each.next().entrySet().iterator();
                        }
                        return current.hasNext();
                    }

                    @Override
                    public Entry<K, KnownMessage> next() {
                        if (!hasNext()) {
                            throw new NoSuchElementException();
                        }
                        return current.next();
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    /** The segments of a map of messages, by the number each message's key is given. */
    static <K> TreeMap<Long, SortedMap<K, KnownMessage>> split(Map<K, KnownMessage> messages,
                                                                 ToLongFunction<K> number) {
        TreeMap<Long, SortedMap<K, KnownMessage>> split = new TreeMap<>();
        messages.forEach((key, message) ->
                split.computeIfAbsent(number.applyAsLong(key), n -> new TreeMap<>()).put(key, message));
        split.replaceAll((n, segment) -> Collections.unmodifiableSortedMap(segment));
        return split;
    }

    /**
     * Changes to segments, copy on write: a segment is copied at its first
     * change after {@link #freeze}, and the frozen ones are shared.
     */
    static final class Edits<K> {

        private final TreeMap<Long, SortedMap<K, KnownMessage>> segments;
        private final Map<Long, TreeMap<K, KnownMessage>> copied = new HashMap<>();

        Edits(Segments<K> from) {
            this.segments = new TreeMap<>(from.segments);
        }

        KnownMessage get(long number, K key) {
            SortedMap<K, KnownMessage> segment = segments.get(number);
            return segment == null ? null : segment.get(key);
        }

        void put(long number, K key, KnownMessage message) {
            writable(number).put(key, message);
        }

        KnownMessage remove(long number, K key) {
            SortedMap<K, KnownMessage> segment = segments.get(number);
            if (segment == null || !segment.containsKey(key)) {
                return null;
            }
            return writable(number).remove(key);
        }

        /** The messages of the segment now, or 0 for none. */
        int sizeOf(long number) {
            SortedMap<K, KnownMessage> segment = segments.get(number);
            return segment == null ? 0 : segment.size();
        }

        /** The highest segment number in use, or -1. */
        long last() {
            return segments.isEmpty() ? -1 : segments.lastKey();
        }

        /** The segments as they stand, frozen; the next change of one copies it again. */
        TreeMap<Long, SortedMap<K, KnownMessage>> freeze() {
            copied.forEach((number, segment) -> {
                if (segment.isEmpty()) {
                    segments.remove(number);
                } else {
                    segments.put(number, Collections.unmodifiableSortedMap(segment));
                }
            });
            copied.clear();
            return new TreeMap<>(segments);
        }

        private TreeMap<K, KnownMessage> writable(long number) {
            TreeMap<K, KnownMessage> segment = copied.get(number);
            if (segment == null) {
                SortedMap<K, KnownMessage> frozen = segments.get(number);
                segment = frozen == null ? new TreeMap<>() : new TreeMap<>(frozen);
                copied.put(number, segment);
                segments.put(number, segment);
            }
            return segment;
        }
    }
}
