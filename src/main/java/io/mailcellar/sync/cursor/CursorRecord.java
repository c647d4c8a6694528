package io.mailcellar.sync.cursor;

/** A record of the {@code sync-state} topic: a mailbox's cursor head, or one segment of a folder's known messages. */
sealed interface CursorRecord permits StoredCursor, CursorSegment {
}
