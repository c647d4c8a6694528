package io.mailcellar.sync.cursor;

import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The known messages of one folder by UID, immutable, in the segments of
 * {@link CursorKeys#SEGMENT_UIDS} UIDs they are stored in. {@link #edit()}
 * gives a copy to change that shares every segment it does not touch, so a
 * batch of new mail costs its own segments, not the folder.
 */
public final class KnownMessages extends Segments<Long> {

    private static final KnownMessages EMPTY = new KnownMessages(new TreeMap<>());

    private KnownMessages(NavigableMap<Long, SortedMap<Long, KnownMessage>> segments) {
        super(segments);
    }

    public static KnownMessages empty() {
        return EMPTY;
    }

    /** These messages; the same object when they are known messages already. */
    public static KnownMessages of(Map<Long, KnownMessage> messages) {
        if (messages instanceof KnownMessages known) {
            return known;
        }
        if (messages == null || messages.isEmpty()) {
            return EMPTY;
        }
        return new KnownMessages(split(messages, CursorKeys::segmentOf));
    }

    /** Over segments as stored, shared as they are: each an immutable map of its own range of UIDs. */
    static KnownMessages ofSegments(NavigableMap<Long, SortedMap<Long, KnownMessage>> segments) {
        return new KnownMessages(new TreeMap<>(segments));
    }

    @Override
    public KnownMessage get(Object uid) {
        if (!(uid instanceof Long number)) {
            return null;
        }
        SortedMap<Long, KnownMessage> segment = segments().get(CursorKeys.segmentOf(number));
        return segment == null ? null : segment.get(number);
    }

    @Override
    public boolean containsKey(Object uid) {
        return get(uid) != null;
    }

    @Override
    boolean keyDecidesSegment() {
        return true;
    }

    public Editor edit() {
        return new Editor(this);
    }

    /** Changes to known messages; {@link #build()} as often as wanted, each time sharing what did not change. */
    public static final class Editor {

        private final Edits<Long> edits;

        private Editor(KnownMessages from) {
            this.edits = new Edits<>(from);
        }

        public KnownMessage get(long uid) {
            return edits.get(CursorKeys.segmentOf(uid), uid);
        }

        public void put(long uid, KnownMessage message) {
            edits.put(CursorKeys.segmentOf(uid), uid, message);
        }

        /** The message removed, or null when it was not known. */
        public KnownMessage remove(long uid) {
            return edits.remove(CursorKeys.segmentOf(uid), uid);
        }

        public KnownMessages build() {
            return new KnownMessages(edits.freeze());
        }
    }
}
