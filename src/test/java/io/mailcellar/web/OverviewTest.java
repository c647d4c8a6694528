package io.mailcellar.web;

import io.mailcellar.mailbox.AuthType;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.MailboxState;
import io.mailcellar.mailbox.MailboxStatus;
import io.mailcellar.mailbox.Pop3DeleteMode;
import io.mailcellar.mailbox.Protocol;
import io.mailcellar.mailbox.Security;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OverviewTest {

    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");

    static Mailbox mailbox(String id, String name, boolean enabled, Instant created) {
        return new Mailbox(id, name, Protocol.IMAP, "mail.example.test", 993, Security.TLS, name.toLowerCase(),
                new Mailbox.SealedAuth(AuthType.PASSWORD, "v1.k1.x"), Duration.ofMinutes(15), List.of("*"), List.of(),
                Pop3DeleteMode.NEVER, null, null, enabled, created, created, null, null);
    }

    private static MailboxStatus status(String id, MailboxState state, Instant snapshotAt, long messages) {
        MailboxStatus status = new MailboxStatus(id, state, state == MailboxState.OK ? null : "the server said no",
                null, new MailboxStatus.LastRun(NOW.minusSeconds(120), NOW.minusSeconds(60), "success", null, 0,
                List.of()), null, 0, List.of(), List.of());
        return snapshotAt == null ? status : status.withLastSnapshot(new MailboxStatus.LastSnapshot("s", snapshotAt,
                false, 1, messages, messages * 1000, null));
    }

    private static List<OverviewRow> rows() {
        Instant created = NOW.minus(Duration.ofDays(3));
        return List.of(
                OverviewRow.of(mailbox("a", "Alice", true, created), status("a", MailboxState.OK,
                        NOW.minusSeconds(600), 10), NOW),
                OverviewRow.of(mailbox("b", "Bob", true, created), status("b", MailboxState.AUTH_FAILED,
                        NOW.minus(Duration.ofHours(2)), 500), NOW),
                OverviewRow.of(mailbox("c", "Carol", false, created), status("c", MailboxState.DISABLED, null, 0),
                        NOW),
                OverviewRow.of(mailbox("d", "Dave", true, NOW.minusSeconds(60)),
                        MailboxStatus.neverPolled("d"), NOW));
    }

    @Test
    void aMailboxIsOverdueOnlyPastTwiceItsIntervalAndOnlyWhenEnabled() {
        List<OverviewRow> rows = rows();

        assertThat(rows).extracting(OverviewRow::id, OverviewRow::overdue).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", false), org.assertj.core.groups.Tuple.tuple("b", true),
                org.assertj.core.groups.Tuple.tuple("c", false), org.assertj.core.groups.Tuple.tuple("d", false));
        assertThat(rows.get(0).lastBackupWords()).isEqualTo("10 minutes ago");
        assertThat(rows.get(0).nextRun()).isEqualTo("in 13 minutes");
        assertThat(rows.get(2).nextRun()).isEqualTo("not scheduled");
        assertThat(rows.get(3).lastBackupWords()).isEqualTo("never");
        assertThat(rows.get(1).look()).isEqualTo(new StateLook("Login refused", "bad"));
        assertThat(rows.get(1).bytesWords()).isEqualTo("500 kB");
    }

    @Test
    void whatNeedsAPersonComesFirstAndTheFiltersNarrow() {
        Overview all = Overview.of(rows(), Overview.Query.of(null, null, null, 0, 50));
        assertThat(all.rows()).extracting(OverviewRow::id).containsExactly("b", "d", "a", "c");
        assertThat(all.overdue()).isEqualTo(1);
        assertThat(all.total()).isEqualTo(4);

        assertThat(Overview.of(rows(), Overview.Query.of("ali", null, "name", 0, 50)).rows())
                .extracting(OverviewRow::id).containsExactly("a");
        assertThat(Overview.of(rows(), Overview.Query.of("", "disabled", "name", 0, 50)).rows())
                .extracting(OverviewRow::id).containsExactly("c");
        assertThat(Overview.of(rows(), Overview.Query.of("", "no-such-state", "bytes", 0, 50)).rows())
                .as("an unknown state filters nothing").extracting(OverviewRow::id).containsExactly("b", "a", "c", "d");

        Overview second = Overview.of(rows(), Overview.Query.of("", "", "name", 2, 2));
        assertThat(second.rows()).extracting(OverviewRow::id).containsExactly("c", "d");
        assertThat(second.hasPrevious()).isTrue();
        assertThat(second.hasNext()).isFalse();
        assertThat(second.previousOffset()).isZero();
        assertThat(second.matching()).isEqualTo(4);
    }
}
