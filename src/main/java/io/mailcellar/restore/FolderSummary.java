package io.mailcellar.restore;

import io.mailcellar.archive.snapshot.Snapshot;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * One folder of a snapshot.
 *
 * @param delimiter  its hierarchy delimiter on the server, or null when it has none (POP3)
 * @param specialUse its special use ({@code \Sent}, {@code \Trash}, ...), or null
 */
@Schema(name = "FolderSummary")
public record FolderSummary(String name, String delimiter, String specialUse, long uidValidity, long messages,
                            long bytes) {

    static FolderSummary of(Snapshot.Folder folder) {
        return new FolderSummary(folder.name(), folder.delimiter(), folder.specialUse(), folder.uidValidity(),
                folder.messages(), folder.bytes());
    }
}
