package io.mailcellar.restore;

import io.mailcellar.mailbox.MailboxRegistration;
import io.mailcellar.mailbox.Security;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.util.List;

/** The body of {@code POST /api/v1/mailboxes/{id}/restores}; every field is optional. */
@Schema(name = "RestoreRequest", description = "What to restore, and where to")
public record RestoreRequest(
        @Schema(description = "RFC 3339: the newest snapshot at or before this time; the latest by default",
                examples = "2026-12-01T10:00:00Z")
        @Size(max = 64) String at,
        @Schema(description = "Folders by name or LIST pattern (* and %); all by default",
                examples = "[\"INBOX\", \"Projects/*\"]")
        @Size(max = 100) List<@NotBlank @Size(max = 256) String> folders,
        @Schema(description = "The IMAP account to restore into; the mailbox's own by default (an IMAP mailbox's)")
        @Valid Target target,
        @Schema(description = "The folder the snapshot's folders go under, written with / whatever the target's "
                + "delimiter; Restored/<snapshot time> by default; empty for the original folder names",
                examples = "Restored/2026-12-01")
        @Size(max = 1000) @Pattern(regexp = "[^\\p{Cntrl}]*", message = "must not hold control characters")
        String into,
        @Schema(description = "Only these messages (by SHA-256, as the message lists give them); all by default")
        @Size(max = 100_000) List<@Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
                String> messages) {

    /** An IMAP account to restore into. Its {@code auth} is required: a stored password never goes to another host. */
    @Schema(name = "RestoreTarget")
    public record Target(
            @Schema(required = true, examples = "imap.example.com")
            @NotBlank @Size(max = 253) @Pattern(regexp = "[^\\s/]+",
                    message = "must be a host name or address without spaces or slashes") String host,
            @Schema(description = "Defaults to 993 with tls, 143 otherwise") @Min(1) @Max(65535) Integer port,
            @Schema(description = "Defaults to tls", enumeration = {"tls", "starttls", "none"}) Security security,
            @Schema(required = true) @NotBlank @Size(max = 320) String username,
            @Schema(required = true) @Valid MailboxRegistration.Auth auth) {

        @Override
        public String toString() {
            return "Target[host=" + host + ", username=" + username + "]";
        }
    }
}
