package io.mailcellar.kafka;

import jakarta.enterprise.context.ApplicationScoped;

/** The names of mailcellar's topics under the configured prefix. */
@ApplicationScoped
public class Topics {

    private final String prefix;

    Topics(KafkaSettings settings) {
        this.prefix = settings.topicPrefix();
    }

    /** The prefix of every topic, also of the pollers' consumer group. */
    public String prefix() {
        return prefix;
    }

    public String mailboxes() {
        return prefix + "mailboxes";
    }

    public String syncState() {
        return prefix + "sync-state";
    }

    public String mailboxStatus() {
        return prefix + "mailbox-status";
    }

    /** What the archivers last did for each mailbox: its newest snapshot, and the last run they handled. */
    public String archiveState() {
        return prefix + "archive-state";
    }

    /** Poll-now requests from the API to whichever poller owns the mailbox's partition. */
    public String syncRequests() {
        return prefix + "sync-requests";
    }

    /** Restore requests and their progress, by restore id. */
    public String restores() {
        return prefix + "restores";
    }

    /** Sign-ins to mail providers started through the API, by their id (secrets sealed). */
    public String oauthAuthorizations() {
        return prefix + "oauth-authorizations";
    }

    public String mailEvents() {
        return prefix + "mail-events";
    }

    public String mailEventsDlq() {
        return prefix + "mail-events.dlq";
    }
}
