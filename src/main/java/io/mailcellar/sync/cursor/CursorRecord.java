package io.mailcellar.sync.cursor;

/**
 * A record of the {@code sync-state} topic: a mailbox's cursor head, one segment of a folder's known messages, or
 * one segment of a POP3 maildrop's.
 */
sealed interface CursorRecord permits StoredCursor, CursorSegment, Pop3Segment {
}
