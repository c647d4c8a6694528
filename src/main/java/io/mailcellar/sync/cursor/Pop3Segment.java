package io.mailcellar.sync.cursor;

import java.util.SortedMap;

/**
 * Up to {@link Segments#CAPACITY} known messages of a POP3 maildrop, by
 * identity: a save writes again only the segments its batch filled or emptied.
 * The map is immutable and shared with the cursor it was saved from.
 */
record Pop3Segment(SortedMap<String, KnownMessage> messages) implements CursorRecord {
}
