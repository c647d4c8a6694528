package io.mailcellar.sync.cursor;

import java.util.HashMap;
import java.util.Map;
import java.util.NavigableMap;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The known messages of a POP3 maildrop by identity (UIDL, or a digest of the
 * headers), immutable, in numbered segments of at most
 * {@link Segments#CAPACITY} messages in the order they were first known: new
 * mail lands in the last segment whatever its UIDLs look like, so a batch
 * costs the one or two segments it fills, not the maildrop. A message gone
 * from the server leaves a hole in its segment; a segment left empty is
 * dropped.
 */
public final class Pop3Messages extends Segments<String> {

    private static final Pop3Messages EMPTY = new Pop3Messages(new TreeMap<>());

    /** Identity to segment number, built at the first lookup: most copies are only saved and counted. */
    private volatile Map<String, Long> index;

    private Pop3Messages(NavigableMap<Long, SortedMap<String, KnownMessage>> segments) {
        super(segments);
    }

    public static Pop3Messages empty() {
        return EMPTY;
    }

    /** These messages; the same object when they are known POP3 messages already. */
    public static Pop3Messages of(Map<String, KnownMessage> messages) {
        if (messages instanceof Pop3Messages known) {
            return known;
        }
        if (messages == null || messages.isEmpty()) {
            return EMPTY;
        }
        Editor editor = EMPTY.edit();
        new TreeMap<>(messages).forEach(editor::put);
        return editor.build();
    }

    /** Over segments as stored, shared as they are. */
    static Pop3Messages ofSegments(NavigableMap<Long, SortedMap<String, KnownMessage>> segments) {
        return new Pop3Messages(new TreeMap<>(segments));
    }

    @Override
    public KnownMessage get(Object identity) {
        Long number = index().get(identity);
        return number == null ? null : segments().get(number).get(identity);
    }

    @Override
    public boolean containsKey(Object identity) {
        return index().containsKey(identity);
    }

    /** Where a message is depends on when it was first seen: equal maps may be segmented apart. */
    @Override
    boolean keyDecidesSegment() {
        return false;
    }

    public Editor edit() {
        return new Editor(this);
    }

    private Map<String, Long> index() {
        Map<String, Long> built = index;
        if (built == null) {
            built = indexOf(segments());
            index = built;
        }
        return built;
    }

    private static Map<String, Long> indexOf(NavigableMap<Long, SortedMap<String, KnownMessage>> segments) {
        Map<String, Long> index = new HashMap<>();
        segments.forEach((number, segment) -> segment.keySet().forEach(identity -> index.put(identity, number)));
        return index;
    }

    /**
     * Changes to a maildrop's known messages, for one run: it indexes them
     * once, then {@link #build()} as often as wanted, each time sharing what did
     * not change.
     */
    public static final class Editor {

        private final Edits<String> edits;
        private final Map<String, Long> index;

        private Editor(Pop3Messages from) {
            this.edits = new Edits<>(from);
            // Its own index, not the copy's: the copy is kept as the cursor saved last, and need not hold one.
            this.index = indexOf(from.segments());
        }

        public KnownMessage get(String identity) {
            Long number = index.get(identity);
            return number == null ? null : edits.get(number, identity);
        }

        public boolean contains(String identity) {
            return index.containsKey(identity);
        }

        /** Replaces a known message in its segment; a new one goes to the last segment, or a new last one. */
        public void put(String identity, KnownMessage message) {
            Long number = index.get(identity);
            if (number == null) {
                long last = edits.last();
                number = last >= 0 && edits.sizeOf(last) < CAPACITY ? last : last + 1;
                index.put(identity, number);
            }
            edits.put(number, identity, message);
        }

        /** The message removed, or null when it was not known. */
        public KnownMessage remove(String identity) {
            Long number = index.remove(identity);
            return number == null ? null : edits.remove(number, identity);
        }

        public Pop3Messages build() {
            return new Pop3Messages(edits.freeze());
        }
    }
}
