package io.mailcellar.sync.cursor;

import java.util.SortedMap;

/**
 * The known messages of one folder whose UIDs fall in one range of
 * {@link CursorKeys#SEGMENT_UIDS}: a save writes again only the segments its
 * changes touched, not every message the mailbox holds. The map is immutable
 * and shared with the cursor it was saved from.
 */
record CursorSegment(SortedMap<Long, KnownMessage> messages) implements CursorRecord {
}
