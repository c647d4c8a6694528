package io.mailcellar.archive;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.regex.Pattern;

/**
 * Where things live in the bucket (docs/archive-format.md). The layout is the
 * archive's contract: a restore reads it without the service.
 */
@ApplicationScoped
public class ArchiveLayout {

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final String prefix;

    @Inject
    ArchiveLayout(S3Settings settings) {
        this(settings.prefix().orElse(""));
    }

    public ArchiveLayout(String prefix) {
        this.prefix = prefix;
    }

    /** {@code {prefix}mailboxes/}: every mailbox's folder. */
    public String mailboxesPrefix() {
        return prefix + "mailboxes/";
    }

    /** The mailbox id a folder {@code {prefix}mailboxes/{id}/} names, or null for anything else. */
    public String mailboxIdOf(String folder) {
        String start = mailboxesPrefix();
        if (!folder.startsWith(start) || !folder.endsWith("/") || folder.length() <= start.length() + 1) {
            return null;
        }
        String id = folder.substring(start.length(), folder.length() - 1);
        return id.contains("/") ? null : id;
    }

    /** {@code {prefix}mailboxes/{id}/mailbox.json}: the registration without its secret. */
    public String manifestKey(String mailboxId) {
        return prefix + "mailboxes/" + mailboxId + "/mailbox.json";
    }

    /** {@code {prefix}mailboxes/{id}/{relative}}: a key a snapshot names relative to its mailbox (a tree page). */
    public String mailboxKey(String mailboxId, String relative) {
        if (relative.startsWith("/") || relative.contains("..")) {
            throw new IllegalArgumentException("not a key relative to a mailbox: " + relative);
        }
        return prefix + "mailboxes/" + mailboxId + "/" + relative;
    }

    /** {@code {prefix}mailboxes/{id}/snapshots/}: the mailbox's snapshots, newest first in a listing. */
    public String snapshotsPrefix(String mailboxId) {
        return prefix + "mailboxes/" + mailboxId + "/snapshots/";
    }

    /** {@code {prefix}mailboxes/{id}/snapshots/{sid}.json}. */
    public String snapshotKey(String mailboxId, String snapshotId) {
        return snapshotsPrefix(mailboxId) + snapshotId + ".json";
    }

    /** The snapshot id a key under {@link #snapshotsPrefix} names, or null for another object. */
    public String snapshotIdOf(String mailboxId, String key) {
        String prefix = snapshotsPrefix(mailboxId);
        if (!key.startsWith(prefix) || !key.endsWith(".json")) {
            return null;
        }
        String id = key.substring(prefix.length(), key.length() - ".json".length());
        return io.mailcellar.archive.snapshot.SnapshotIds.isId(id) ? id : null;
    }

    /**
     * {@code {prefix}mailboxes/{id}/restore-journals/{account}/}: what restores of the mailbox appended to one
     * target account ({@code account} a hash of its host and user).
     */
    public String restoreJournalPrefix(String mailboxId, String account) {
        if (!account.matches("[0-9a-f]{32}")) {
            throw new IllegalArgumentException("not a target account's hash: " + account);
        }
        return prefix + "mailboxes/" + mailboxId + "/restore-journals/" + account + "/";
    }

    /** {@code {prefix}mailboxes/{id}/messages/}: where the mailbox's message objects are. */
    public String messagesPrefix(String mailboxId) {
        return prefix + "mailboxes/" + mailboxId + "/messages/";
    }

    /** The SHA-256 a message object's key names, or null for a key that is not a message's. */
    public String messageShaOf(String mailboxId, String key) {
        String start = messagesPrefix(mailboxId);
        if (!key.startsWith(start) || !key.endsWith(".eml")) {
            return null;
        }
        String name = key.substring(key.lastIndexOf('/') + 1, key.length() - ".eml".length());
        return SHA256_HEX.matcher(name).matches() && key.equals(messageKey(mailboxId, name)) ? name : null;
    }

    /** {@code {prefix}mailboxes/{id}/messages/{sha[0:2]}/{sha256}.eml}: content-addressed raw bytes. */
    public String messageKey(String mailboxId, String sha256) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256: " + sha256);
        }
        return prefix + "mailboxes/" + mailboxId + "/messages/" + sha256.substring(0, 2) + "/" + sha256 + ".eml";
    }
}
