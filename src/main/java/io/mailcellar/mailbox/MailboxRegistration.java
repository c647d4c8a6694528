package io.mailcellar.mailbox;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.util.List;

/**
 * The body of {@code POST /api/v1/mailboxes}: what to back up and how to reach it.
 * Optional parts left out take the defaults documented on each field.
 */
@Schema(name = "MailboxRegistration", description = "A mailbox to back up")
public record MailboxRegistration(
        @Schema(description = "Display name; defaults to username@host", examples = "Alice at work")
        @Size(max = 200) String name,
        @Schema(required = true, enumeration = {"imap", "pop3"})
        @NotNull Protocol protocol,
        @Schema(required = true, examples = "mail.example.com")
        @NotBlank @Size(max = 253) @Pattern(regexp = "[^\\s/]+", message = "must be a host name or address without spaces or slashes")
        String host,
        @Schema(description = "Defaults to 993/143 for IMAP and 995/110 for POP3, by security")
        @Min(1) @Max(65535) Integer port,
        @Schema(description = "Defaults to tls", enumeration = {"tls", "starttls", "none"})
        Security security,
        @Schema(required = true, examples = "alice@example.com")
        @NotBlank @Size(max = 320) String username,
        @Schema(required = true)
        @NotNull @Valid Auth auth,
        @Valid Schedule schedule,
        @Valid Folders folders,
        @Valid Pop3 pop3,
        @Schema(description = "Which snapshots prune keeps; left out, every one is kept")
        @Valid Retention retention,
        @Schema(description = "Defaults to true") Boolean enabled,
        @Schema(description = "How much its backups may download; left out, nothing is limited")
        @Valid Limits limits,
        @Schema(description = "IMAP IDLE on some folders, besides the scheduled polls; left out, none")
        @Valid Push push) {

    /** The credentials. Write-only: never returned by the API. */
    @Schema(name = "MailboxAuth", description = "password: the account's password (or app password). oauth2: "
            + "access tokens from a refresh token (Google, Microsoft or another provider); oauth2-app: Microsoft "
            + "365 app-only access (client credentials). Each type names the fields it needs")
    public record Auth(
            @Schema(required = true, enumeration = {"password", "oauth2", "oauth2-app"}) @NotNull AuthType type,
            @Schema(description = "password: the password", writeOnly = true)
            @Size(max = 8192) String password,
            @Schema(description = "oauth2, oauth2-app: google, microsoft or generic. oauth2-app defaults to microsoft",
                    enumeration = {"google", "microsoft", "generic"})
            OAuth2Provider provider,
            @Schema(description = "oauth2, oauth2-app: the OAuth client (application) id")
            @Size(max = 512) String clientId,
            @Schema(description = "oauth2: where the client has one; oauth2-app: required", writeOnly = true)
            @Size(max = 8192) String clientSecret,
            @Schema(description = "oauth2: the refresh token from signing in", writeOnly = true)
            @Size(max = 16384) String refreshToken,
            @Schema(description = "microsoft: the directory (tenant) id or domain; oauth2 defaults to common")
            @Size(max = 256) @Pattern(regexp = "[A-Za-z0-9.-]+", message = "must be a tenant id or domain name")
            String tenant,
            @Schema(description = "generic: the token endpoint (https)")
            @Size(max = 2048) String tokenEndpoint,
            @Schema(description = "generic: required; google and microsoft: defaults to the mail scopes")
            @Size(max = 2048) String scope,
            @Schema(description = "oauth2: the id of a finished sign-in (POST /api/v1/oauth/authorizations) "
                    + "whose credentials to use, instead of provider, clientId, clientSecret, refreshToken, tenant, "
                    + "tokenEndpoint and scope; it can be used once")
            @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9-]+", message = "must be an authorization id")
            String authorization) {

        /** A password login. */
        public static Auth password(String password) {
            return new Auth(AuthType.PASSWORD, password, null, null, null, null, null, null, null, null);
        }

        @Override
        public String toString() {
            return "Auth[type=" + type + ", provider=" + provider + ", secrets=<redacted>]";
        }
    }

    /** How often the mailbox is polled. */
    @Schema(name = "MailboxSchedule")
    public record Schedule(
            @Schema(description = "ISO-8601 duration between polls; defaults to PT15M", examples = "PT15M")
            Duration interval) {
    }

    /** Which folders to back up, by pattern ({@code *} any text, {@code %} any text within one level). */
    @Schema(name = "MailboxFolders")
    public record Folders(
            @Schema(description = "Patterns of the folders to back up; defaults to [\"*\"]. At most 100, of at most "
                    + "256 characters each")
            @Size(max = FolderPatterns.MAX_PATTERNS) List<@NotBlank @Size(max = FolderPatterns.MAX_PATTERN_LENGTH) String> include,
            @Schema(description = "Patterns of folders to leave out, as include")
            @Size(max = FolderPatterns.MAX_PATTERNS) List<@NotBlank @Size(max = FolderPatterns.MAX_PATTERN_LENGTH) String> exclude) {
    }

    /** POP3-only options. */
    @Schema(name = "MailboxPop3")
    public record Pop3(
            @Schema(enumeration = {"never", "after-archive", "after-days"}, description = "Defaults to never")
            Pop3DeleteMode deleteFromServer,
            @Schema(description = "With after-days: days a message stays on the server once archived")
            @Min(1) @Max(36500) Integer days) {
    }
}
