package io.mailcellar.sync.cursor;

import java.util.Map;

/**
 * The known messages of one folder whose UIDs fall in one range of
 * {@link CursorKeys#SEGMENT_UIDS}: a save writes again only the segments its
 * changes touched, not every message the mailbox holds.
 */
record CursorSegment(Map<Long, KnownMessage> messages) implements CursorRecord {
}
