package io.mailcellar.alert;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;

/**
 * What a webhook receives (format 1, pinned by {@code golden/alert.json}).
 *
 * @param event      failing, overdue or recovered
 * @param id         the same for the same mailbox, event and occasion, so a receiver can drop a repeat
 * @param text       the alert in one sentence, for chat services that show a {@code text} field
 * @param lastBackup the newest snapshot, or null before the first
 * @param link       the mailbox's dashboard page, when mailcellar.alerts.dashboard-url is set
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record Alert(int format, String id, String event, String text, String mailboxId, String mailboxName, String state,
             String reason, Instant lastBackup, Instant at, String link) {

    static final int FORMAT = 1;
}
