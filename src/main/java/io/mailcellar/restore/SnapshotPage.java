package io.mailcellar.restore;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** One page of a mailbox's snapshots, newest first. */
@Schema(name = "SnapshotPage")
public record SnapshotPage(List<SnapshotSummary> items, int offset, int limit, int total) {
}
