package io.mailcellar.restore;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.mailcellar.mailbox.Mailbox;
import io.mailcellar.mailbox.SealedFor;
import io.mailcellar.mailbox.Security;
import io.mailcellar.restore.imap.ImapRestorer;

import java.time.Instant;
import java.util.List;

/**
 * A restore in the compacted {@code restores} topic, by restore id: the
 * request as the API accepted it (the snapshot fixed, the target's secret
 * sealed for the mailbox), then its progress as the poller that owns the
 * mailbox writes it. Versioned by {@code format}.
 *
 * @param target the account to restore into, or null for the mailbox's own
 * @param into   the folder the snapshot's folders go under ({@code /}-separated), empty for their own names
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RestoreRecord(int format, String id, String mailbox, String snapshot, Instant snapshotTime,
                            List<String> folders, List<String> messages, String into, Target target, State state,
                            Instant requestedAt, Instant startedAt, Instant endedAt, Progress progress) {

    public static final int FORMAT = 1;

    public RestoreRecord {
        folders = folders == null ? List.of() : List.copyOf(folders);
        messages = messages == null ? List.of() : List.copyOf(messages);
        progress = progress == null ? Progress.NONE : progress;
    }

    /** Where a restore goes when it is not the mailbox's own account; IMAP always. */
    public record Target(String host, int port, Security security, String username, Mailbox.SealedAuth auth) {

        /** What the target's secret is sealed for: the mailbox restored, and this server and account. */
        public SealedFor sealedFor(String mailboxId) {
            return new SealedFor(mailboxId, host, port, security, username);
        }

        /** The same target with its secret sealed anew. */
        public Target withSealedSecret(String sealed) {
            return new Target(host, port, security, username, new Mailbox.SealedAuth(auth.type(), sealed));
        }

        @Override
        public String toString() {
            return "Target[host=" + host + ", port=" + port + ", username=" + username + "]";
        }
    }

    public enum State {
        @JsonProperty("queued") QUEUED,
        @JsonProperty("running") RUNNING,
        @JsonProperty("succeeded") SUCCEEDED,
        @JsonProperty("failed") FAILED;

        public boolean ended() {
            return this == SUCCEEDED || this == FAILED;
        }
    }

    /** How far it got: the restorer's report (per folder, in all, what it skipped), and the error that ended it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Progress(List<ImapRestorer.FolderReport> folders, long appended, long alreadyPresent,
                           List<ImapRestorer.Skipped> skipped, String error) {

        public static final Progress NONE = new Progress(List.of(), 0, 0, List.of(), null);

        public Progress {
            folders = folders == null ? List.of() : List.copyOf(folders);
            skipped = skipped == null ? List.of() : List.copyOf(skipped);
        }

        /** The report so far, without an error. */
        public static Progress of(ImapRestorer.Report report) {
            return new Progress(report.folders(), report.appended(), report.alreadyPresent(), report.skipped(), null);
        }

        /** The same progress, ended by an error. */
        public Progress failed(String why) {
            return new Progress(folders, appended, alreadyPresent, skipped, why);
        }
    }

    /** The same record with the target's secret sealed anew. */
    public RestoreRecord withTarget(Target newTarget) {
        return new RestoreRecord(format, id, mailbox, snapshot, snapshotTime, folders, messages, into, newTarget,
                state, requestedAt, startedAt, endedAt, progress);
    }

    public RestoreRecord with(State newState, Instant started, Instant ended, Progress newProgress) {
        return new RestoreRecord(format, id, mailbox, snapshot, snapshotTime, folders, messages, into, target,
                newState, requestedAt, started, ended, newProgress);
    }
}
