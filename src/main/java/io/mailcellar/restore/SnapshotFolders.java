package io.mailcellar.restore;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Instant;
import java.util.List;

/** A snapshot's folders, by name. */
@Schema(name = "SnapshotFolders")
public record SnapshotFolders(String snapshot, Instant time, List<FolderSummary> folders) {
}
