package io.mailcellar.app;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditLogTest {

    private static final String SHA = "a".repeat(64);

    @Test
    void changesRefusalsAndEveryReadOfContentAreAuditedOnTheApiAndTheDashboard() {
        assertThat(AuditLog.audited("GET", "/api/v1/mailboxes/m1/messages/" + SHA, 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/api/v1/mailboxes/m1/export", 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/messages/" + SHA, 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/messages/" + SHA + "/html", 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/messages/" + SHA + "/parts/2", 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/messages/" + SHA + "/eml", 200)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/export", 200)).isTrue();
        assertThat(AuditLog.audited("POST", "/ui/mailboxes/m1/sync", 303)).isTrue();
        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1", 403)).isTrue();

        assertThat(AuditLog.audited("GET", "/ui/mailboxes/m1/folder", 200)).as("metadata").isFalse();
        assertThat(AuditLog.audited("GET", "/api/v1/mailboxes/m1/status", 200)).isFalse();
    }
}
