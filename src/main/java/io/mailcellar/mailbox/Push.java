package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/**
 * New mail backed up as it arrives: the poller that owns the mailbox keeps an
 * IMAP IDLE connection on each watched folder and runs a backup when the
 * server reports a change, besides the scheduled polls. IMAP only.
 */
@Schema(name = "MailboxPush", description = "IMAP IDLE push; by default off")
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Push(
        @Schema(description = "Watch the folders with IDLE; defaults to false") Boolean idle,
        @Schema(description = "The folders to watch, by name; defaults to INBOX. Each takes one connection: "
                + "at most limits.maxConnections - 1 are watched", examples = "[\"INBOX\"]")
        @Size(max = 10) List<@NotBlank @Size(max = 256) String> folders) {

    public static final List<String> DEFAULT_FOLDERS = List.of("INBOX");

    public Push {
        folders = folders == null ? null : List.copyOf(folders);
    }

    /** Whether IDLE is on. */
    public boolean watches() {
        return Boolean.TRUE.equals(idle);
    }

    /** The folders to watch, INBOX unless named. */
    public List<String> watchedFolders() {
        return folders == null || folders.isEmpty() ? DEFAULT_FOLDERS : folders;
    }
}
