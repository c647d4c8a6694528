package io.mailcellar.sync;

/**
 * Where the poll of one folder stands: messages with a UID below {@code uidNext}
 * under this {@code uidValidity} are published.
 */
public record FolderCursor(long uidValidity, long uidNext) {
}
