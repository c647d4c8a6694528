package io.mailcellar.web;

import io.mailcellar.mailbox.MailboxState;

/** How the dashboard shows a backup state: a few words, and the colour class of its badge. */
@io.quarkus.qute.TemplateData
public record StateLook(String words, String tone) {

    static StateLook of(MailboxState state) {
        return switch (state) {
            case OK -> new StateLook("Backed up", "good");
            case NEVER_POLLED -> new StateLook("Waiting for its first backup", "quiet");
            case RUNNING -> new StateLook("Backing up", "busy");
            case BACKING_OFF -> new StateLook("Failing, retrying", "bad");
            case AUTH_FAILED -> new StateLook("Login refused", "bad");
            case THROTTLED -> new StateLook("Throttled by the server", "warn");
            case ARCHIVE_FAILING -> new StateLook("Archive failing", "bad");
            case DISABLED -> new StateLook("Disabled", "quiet");
        };
    }
}
