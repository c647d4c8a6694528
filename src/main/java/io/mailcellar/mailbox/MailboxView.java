package io.mailcellar.mailbox;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** A mailbox as the API shows it: the registration with defaults applied, never a secret. */
@Schema(name = "Mailbox")
public record MailboxView(
        String id,
        String name,
        Protocol protocol,
        String host,
        int port,
        Security security,
        String username,
        AuthView auth,
        ScheduleView schedule,
        FoldersView folders,
        Pop3View pop3,
        @JsonInclude(JsonInclude.Include.NON_NULL) Retention retention,
        boolean enabled,
        Instant createdAt,
        Instant updatedAt,
        @JsonInclude(JsonInclude.Include.NON_NULL) Limits limits,
        @JsonInclude(JsonInclude.Include.NON_NULL) Push push) {

    @Schema(name = "MailboxAuthView")
    public record AuthView(AuthType type) {
    }

    @Schema(name = "MailboxScheduleView")
    public record ScheduleView(Duration interval) {
    }

    @Schema(name = "MailboxFoldersView")
    public record FoldersView(List<String> include, List<String> exclude) {
    }

    @Schema(name = "MailboxPop3View")
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Pop3View(Pop3DeleteMode deleteFromServer, Integer days) {
    }

    /** The same registration, whatever the ids and times (the secret is not compared: it is never shown). */
    public boolean sameSettings(MailboxView other) {
        return name.equals(other.name) && protocol == other.protocol && host.equals(other.host)
                && port == other.port && security == other.security && username.equals(other.username)
                && auth.equals(other.auth) && schedule.equals(other.schedule) && folders.equals(other.folders)
                && java.util.Objects.equals(pop3, other.pop3) && java.util.Objects.equals(retention, other.retention) && enabled == other.enabled
                && java.util.Objects.equals(limits, other.limits) && java.util.Objects.equals(push, other.push);
    }

    public static MailboxView of(Mailbox mailbox) {
        return new MailboxView(
                mailbox.id(),
                mailbox.name(),
                mailbox.protocol(),
                mailbox.host(),
                mailbox.port(),
                mailbox.security(),
                mailbox.username(),
                new AuthView(mailbox.auth().type()),
                new ScheduleView(mailbox.interval()),
                new FoldersView(mailbox.include(), mailbox.exclude()),
                new Pop3View(mailbox.pop3DeleteFromServer(), mailbox.pop3Days()),
                mailbox.retention(),
                mailbox.enabled(),
                mailbox.createdAt(),
                mailbox.updatedAt(),
                mailbox.limits(),
                mailbox.push());
    }
}
